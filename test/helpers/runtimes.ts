/**
 * The Node.js releases planpilot supports (package.json `engines`), as real binaries: the npm registry ships each
 * as `node-<platform>-<arch>`, installed once into `.runtimes/<major>` (git-ignored) and reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The majors the README promises: the LTS lines in support (22 in maintenance, 24, 26), 24 being the Action's
 * runtime (`runs.using: node24`). Node 20 reached its end of life in April 2026, and a dependency of Octokit
 * (content-type 3) requires 22.
 */
export const SUPPORTED_NODE_MAJORS = [22, 24, 26] as const;

export function nodeBinary(major: number): string {
  const dir = resolve('.runtimes', String(major));
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = join(dir, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(binary)) {
    execFileSync(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', dir, `${pkg}@${major}`],
      { stdio: 'pipe' },
    );
  }
  return binary;
}
