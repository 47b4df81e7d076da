/** Where the CLI writes; injectable so tests and the library can capture it. */
import { colourWanted } from './colour.js';

export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
  /** True when stderr is an interactive terminal (progress bars). */
  isTTY: boolean;
  /** Whether lines written to each stream may carry colour (src/cli/colour.ts); none when absent. */
  colour?: { stdout: boolean; stderr: boolean };
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
  colour: {
    stdout: colourWanted(Boolean(process.stdout.isTTY)),
    stderr: colourWanted(Boolean(process.stderr.isTTY)),
  },
};
