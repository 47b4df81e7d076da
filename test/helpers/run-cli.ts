import { type ChildProcess, spawn } from 'node:child_process';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Node script as a child process with only the given environment (plus PATH and HOME). */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { cwd?: string; node?: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, args, {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    // A hung child (reading a FIFO, say) is killed so the test fails instead of hanging: it then exits with null.
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the real `planpilot` entry (bin/planpilot.js) as a child process, as `npx planpilot` does. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { cwd?: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return runNode(['bin/planpilot.js', ...args], env, options);
}
