/**
 * The command line itself (issue 18): one error style for usage errors (commander's and planpilot's own), a
 * `--help` that says what `gh`'s does (examples, exit codes, environment, where to read more), and a start-up that
 * loads neither Octokit nor the sync engine for `--version`, `--help` or `validate`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runNode } from '../helpers/run-cli.js';
import { SMALL_PLAN, tempDir, writePlan } from '../helpers/sync-cli.js';

describe('usage errors: one style, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['a bad option value', ['sync', 'p.yaml', '--max-concurrency', 'many'], /^planpilot: --max-concurrency must be/],
    [
      'a bad choice',
      ['sync', 'p.yaml', '--pacing', 'fast'],
      /^planpilot: --pacing must be one of github, off; got 'fast'/,
    ],
    ['an unknown option', ['sync', 'p.yaml', '--bogus'], /^planpilot: unknown option '--bogus'/],
    ['a missing argument', ['sync'], /^planpilot: missing required argument 'plan'/],
    ['an unknown command', ['synk'], /^planpilot: unknown command 'synk'/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: planpilot: …, the usage hint, exit 2`, async () => {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/\n\(run planpilot (sync )?--help for usage\)\n$/);
      expect(run.stderr).not.toMatch(/^error:/m);
      expect(run.stdout).toBe('');
    });
  }

  it("planpilot's own usage errors read the same (no repository)", async () => {
    const plan = writePlan(tempDir(), 'small.yaml', SMALL_PLAN);
    const run = await runCli(['sync', plan, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^planpilot: .*repository/m);
    expect(run.stderr).toMatch(/\n\(run planpilot sync --help for usage\)\n$/);
  });
});

describe('--help', () => {
  for (const args of [['--help'], ['sync', '--help']]) {
    it(`planpilot ${args.join(' ')}: examples, exit codes, environment and the README`, async () => {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Examples:\n  $ planpilot ');
      expect(run.stdout).toContain('  $ planpilot sync plans/roadmap.yaml --repo acme/shop --dry-run');
      expect(run.stdout).toMatch(/Exit codes:\n {2}0 +success/);
      for (const code of [1, 2, 3, 4, 10, 130, 143]) expect(run.stdout).toMatch(new RegExp(`\\n {2}${code} +\\w`));
      expect(run.stdout).toMatch(/Environment:\n {2}GITHUB_TOKEN, GH_TOKEN/);
      expect(run.stdout).toContain('NO_COLOR');
      expect(run.stdout).toContain('README.md');
    });
  }

  it('sync --help documents --detailed-exitcode', async () => {
    const run = await runCli(['sync', '--help']);
    expect(run.stdout).toMatch(/--detailed-exitcode +with --dry-run: exit 10 when changes are pending/);
  });
});

describe('start-up loads only what the command needs', () => {
  /** The URLs of the modules the CLI loaded, recorded by a loader hook (test/helpers/record-imports.mjs). */
  async function modulesLoaded(args: string[]): Promise<string[]> {
    const record = join(mkdtempSync(join(tmpdir(), 'planpilot-imports-')), 'imports.txt');
    const run = await runNode(['--import', './test/helpers/record-imports.mjs', 'bin/planpilot.js', ...args], {
      RECORD_IMPORTS_TO: record,
    });
    expect(run.code, run.stderr).toBe(0);
    return readFileSync(record, 'utf8').trim().split('\n');
  }
  const heavy = (urls: string[]) =>
    urls.filter((url) =>
      /\/node_modules\/(@octokit|cli-progress|yaml|ajv|p-limit)\/|\/build\/src\/(sync\/|github\/(?!concurrency))/.test(
        url,
      ),
    );

  it('--version and --help load no Octokit, sync engine, YAML parser, schema validator or progress bars', async () => {
    for (const args of [['--version'], ['--help'], ['sync', '--help']]) {
      const urls = await modulesLoaded(args);
      expect(
        urls.some((url) => url.includes('/node_modules/commander/')),
        'the recorder sees packages',
      ).toBe(true);
      expect(heavy(urls), args.join(' ')).toEqual([]);
    }
  });

  it('validate loads the plan loader, but no Octokit and no sync engine', async () => {
    const plan = writePlan(tempDir(), 'small.yaml', SMALL_PLAN);
    const urls = await modulesLoaded(['validate', plan]);
    expect(urls.some((url) => url.includes('/node_modules/yaml/'))).toBe(true);
    expect(
      urls.filter((url) =>
        /\/node_modules\/(@octokit|cli-progress)\/|\/build\/src\/(sync\/|github\/(?!concurrency))/.test(url),
      ),
    ).toEqual([]);
  });
});
