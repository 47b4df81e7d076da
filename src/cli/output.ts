/** Where the CLI writes; injectable so tests and the library can capture it. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
  /** True when stderr is an interactive terminal (progress bars, colour). */
  isTTY: boolean;
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
};
