/**
 * What the plan path may name, through `planpilot validate` and `planpilot sync`: a regular file, after following
 * symlinks, read with a hard cap. Devices, FIFOs and /proc files are refused with exit 2 and one line naming the
 * path, quickly and without reading them.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let dir: string;
beforeAll(async () => {
  fake = await startFakeGitHub();
  dir = tempDir();
});
afterAll(async () => {
  await fake.close();
});

/** Before the fix /dev/zero grew the process by gigabytes and a FIFO never returned: the child is killed then. */
const HANG_MS = 10_000;

const unique = () => Math.random().toString(36).slice(2);
const fifo = () => {
  const path = join(dir, `plan-${unique()}.fifo`);
  execFileSync('mkfifo', [path]);
  return path;
};
const link = (target: string, name: string) => {
  const path = join(dir, `${unique()}-${name}`);
  symlinkSync(target, path);
  return path;
};

const refused: [string, () => string, RegExp][] = [
  ['/dev/zero (a character device whose size reads as 0)', () => '/dev/zero', /character device/],
  ['/dev/null', () => '/dev/null', /character device/],
  ['a FIFO (no writer: reading would wait forever)', fifo, /FIFO/],
  ['a symlink to /dev/zero', () => link('/dev/zero', 'zero.yaml'), /character device/],
  ['a symlink to a FIFO', () => link(fifo(), 'fifo.yaml'), /FIFO/],
  ['/proc/self/mem (a "regular file" that cannot be read)', () => '/proc/self/mem', /cannot read the file \(EIO\)/],
];

describe('the plan path must name a regular file', () => {
  for (const command of ['validate', 'sync'] as const) {
    for (const [name, make, reason] of refused) {
      it(`${command}: ${name} is refused with exit 2 and one line naming the path`, async () => {
        const path = make();
        const before = fake.requests.length;
        const args = command === 'sync' ? ['sync', path, '--repo', 'acme/shop'] : ['validate', path];
        const started = Date.now();
        const run = await runCli(args, { GITHUB_TOKEN: TEST_TOKEN, GITHUB_API_URL: fake.url }, { timeoutMs: HANG_MS });
        const elapsed = Date.now() - started;
        expect(run.code, `${run.stderr} (after ${elapsed} ms)`).toBe(2);
        const lines = run.stderr.trim().split('\n');
        const problem = lines.filter((line) => line.startsWith(`${path}:1:1: error: `));
        expect(problem, run.stderr).toHaveLength(1);
        expect(problem[0]).toMatch(reason);
        // No stack trace, no second attempt at describing the same thing.
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(fake.requests.length).toBe(before);
      });
    }
  }

  it('a symlink to a regular plan file is followed', async () => {
    const plan = writePlan(dir, 'real.yaml', SMALL_PLAN);
    const run = await runCli(['validate', link(plan, 'linked.yaml')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('valid plan "small"');
  });
});
