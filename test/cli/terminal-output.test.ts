/**
 * What a person sees of a sync (issue 18), on a real pseudo-terminal and off one: progress in every phase that
 * takes time, no "updated" for an issue this run created, colour on change lines as NO_COLOR / FORCE_COLOR / the
 * terminal decide, and `--detailed-exitcode` for CI.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { plainText, runOnPty } from '../helpers/pty.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let dir: string;
beforeEach(async () => {
  fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
  dir = tempDir();
});
afterEach(async () => {
  await fake.close();
});

const EXAMPLE = 'plans/example.yaml';
const FAST = ['--pacing', 'off'];
const env = () => ({ GITHUB_TOKEN: TEST_TOKEN, GITHUB_API_URL: fake.url });
/** The example plan without its last task: a prune run then has one orphan to close. */
const shrunk = () => {
  const text = SMALL_PLAN.replace(/\n {10}- id: t3\n {12}title: Task three\n/, '\n');
  return writePlan(
    dir,
    'shrunk.yaml',
    text.replace(
      '      - id: s2\n        title: Story two\n        depends_on: [s1]\n        tasks:',
      '      - id: s2\n        title: Story two\n        depends_on: [s1]',
    ),
  );
};

describe('progress in every phase', () => {
  it('on a terminal: a spinner while reading GitHub, then a bar for creates, enrich, links and the project', async () => {
    const run = await runOnPty(['sync', EXAMPLE, '--repo', 'acme/shop', ...FAST], env());
    expect(run.code, run.output).toBe(0);
    const text = plainText(run.output);
    expect(text).toMatch(/discover +✓ read GitHub in \d+\.\d s/);
    expect(text).toMatch(/labels +✓ made \d+ labels and milestones in \d+\.\d s/);
    expect(text).toMatch(/epics +\S+ 3\/3 created/);
    expect(text).toMatch(/tasks +\S+ \d+\/\d+ created/);
    expect(text).toMatch(/enrich +\S+ (\d+)\/\1 issues/);
    expect(text).toMatch(/relations +\S+ 44\/44 links/);
    expect(text).toMatch(/project +\S+ 30\/30 items/);
  });

  it('on a terminal: the orphans closed by --prune have a bar too', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    expect((await syncCli(fake, plan, FAST)).code).toBe(0);
    const run = await runOnPty(['sync', shrunk(), '--repo', 'acme/shop', '--prune', ...FAST], env());
    expect(run.code, run.output).toBe(0);
    expect(plainText(run.output)).toMatch(/cleanup +\S+ 1\/1 closed/);
  });

  it('off a terminal: a line as each phase starts, with its count', async () => {
    const run = await runCli(['sync', EXAMPLE, '--repo', 'acme/shop', ...FAST], env());
    expect(run.code, run.stderr).toBe(0);
    const phases = run.stderr.split('\n').filter((line) => line.startsWith('phase '));
    expect(phases).toEqual([
      "phase discover: reading the repository's issues",
      expect.stringMatching(/^phase labels: \d+ labels and milestones to make$/),
      'phase epics: 3 to create',
      'phase stories: 8 to create',
      'phase tasks: 19 to create',
      expect.stringMatching(/^phase enrich: \d+ issues to complete or update$/),
      'phase relations: 44 links',
      'phase project: 30 project items',
    ]);
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    expect((await syncCli(fake, plan, FAST)).code).toBe(0);
    const prune = await runCli(['sync', shrunk(), '--repo', 'acme/shop', '--prune', ...FAST], env());
    expect(prune.stderr).toContain('phase cleanup: 1 issue to close');
  });
});

describe('a first sync off a terminal', () => {
  it('says "created" once per issue: the enrich pass of an issue made in this run prints no "updated"', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    const run = await runCli(['sync', plan, '--repo', 'acme/shop', ...FAST], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^\[e1\] created #1$/m);
    expect(run.stderr).not.toContain('] updated');
    expect(run.stdout).toMatch(/epics: +1 created, 0 updated/);
    // An issue that existed before the run is updated, and says so.
    writePlan(dir, 'small.yaml', SMALL_PLAN.replace('Epic one', 'Epic one, renamed'));
    const again = await runCli(['sync', plan, '--repo', 'acme/shop', ...FAST], env());
    expect(again.stderr).toMatch(/^\[e1\] updated #1$/m);
  });
});

describe('colour on change lines', () => {
  const GREEN_CREATE = '\x1b[32m+ create';
  const ANY_COLOUR = /\x1b\[(1|2\d|3\d|9\d)m/;
  const dryRun = (plan: string) => ['sync', plan, '--repo', 'acme/shop', '--dry-run'];

  it('on a terminal: + green, ~ yellow', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    expect((await syncCli(fake, plan, FAST)).code).toBe(0);
    const edited = writePlan(
      dir,
      'edited.yaml',
      `${SMALL_PLAN.replace('Epic one', 'Epic 1')}      - id: s3\n        title: Story three\n`,
    );
    const run = await runOnPty([...dryRun(edited), '--prune'], env());
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('\x1b[32m+ create story s3');
    expect(run.output).toContain('\x1b[33m~ update #1 epic e1');
    const offline = await runOnPty(dryRun(plan));
    expect(offline.output).toContain(GREEN_CREATE);
  });

  it('NO_COLOR on a terminal: none', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    const run = await runOnPty(dryRun(plan), { NO_COLOR: '1' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('+ create');
    expect(run.output).not.toMatch(ANY_COLOUR);
  });

  it('off a terminal: none; FORCE_COLOR off a terminal: colour', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    const plain = await runCli(dryRun(plan));
    expect(plain.stdout).toContain('+ create');
    expect(plain.stdout + plain.stderr).not.toMatch(ANY_COLOUR);
    const forced = await runCli(dryRun(plan), { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(GREEN_CREATE);
  });
});

describe('--detailed-exitcode', () => {
  it('a dry run exits 10 when changes are pending, 0 when GitHub matches the plan', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    const pending = await syncCli(fake, plan, ['--dry-run', '--detailed-exitcode', ...FAST]);
    expect(pending.code, pending.stderr).toBe(10);
    expect(pending.report.exitCode).toBe(10);
    expect(pending.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await syncCli(fake, plan, FAST)).code).toBe(0);
    const clean = await syncCli(fake, plan, ['--dry-run', '--detailed-exitcode', ...FAST]);
    expect(clean.code, clean.stderr).toBe(0);
    // Without the flag a dry run with pending changes exits 0, as before.
    writePlan(dir, 'small.yaml', SMALL_PLAN.replace('Task one', 'Task 1'));
    expect((await syncCli(fake, plan, ['--dry-run', ...FAST])).code).toBe(0);
    expect((await syncCli(fake, plan, ['--dry-run', '--detailed-exitcode', ...FAST])).code).toBe(10);
  });

  it('needs --dry-run: a real sync with it is a usage error (exit 2) and sends nothing', async () => {
    const plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
    const run = await runCli(['sync', plan, '--repo', 'acme/shop', '--detailed-exitcode'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^planpilot: --detailed-exitcode needs --dry-run/);
    expect(fake.requests).toHaveLength(0);
  });
});
