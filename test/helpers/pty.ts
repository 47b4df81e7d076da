/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`, as test/cli/interrupts.test.ts does): stdin, stdout
 * and stderr are the terminal, so the CLI sees isTTY and draws what a person sees. Returns everything the terminal
 * received, escape sequences included.
 */
import { spawn } from 'node:child_process';

export async function runOnPty(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `exec "${process.execPath}" bin/planpilot.js ${quoted}`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output };
}

/** The text without escape sequences and carriage returns (what stays on screen, roughly, line by line). */
export function plainText(output: string): string {
  return output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');
}
