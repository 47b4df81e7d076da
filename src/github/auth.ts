/** Where the token comes from, first match wins: the flag, the environment, then the GitHub CLI's login. */
import { execFile } from 'node:child_process';

export type TokenSource = '--token' | 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh auth token' | 'none';

const GH_TIMEOUT_MS = 5000;

export async function resolveToken(opts: {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  runGh?: () => Promise<string | undefined>;
}): Promise<{ token?: string; source: TokenSource }> {
  const env = opts.env ?? process.env;
  const candidates: [TokenSource, () => string | undefined | Promise<string | undefined>][] = [
    ['--token', () => opts.flag],
    ['GITHUB_TOKEN', () => env.GITHUB_TOKEN],
    ['GH_TOKEN', () => env.GH_TOKEN],
    ['gh auth token', opts.runGh ?? ghAuthToken],
  ];
  for (const [source, read] of candidates) {
    // Actions and shells often define a variable as empty: that means "not set", not "an empty token".
    const token = (await read())?.trim();
    if (token) return { token, source };
  }
  return { source: 'none' };
}

/** The GitHub CLI's token, or undefined when gh is missing, not logged in or hangs. */
export function ghAuthToken(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('gh', ['auth', 'token'], { timeout: GH_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}
