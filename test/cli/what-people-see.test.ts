/**
 * What a person sees (issue 18): the report and the lines printed say what happened, every run, in every mode.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { viewRepo } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let dir: string;
beforeEach(async () => {
  fake = await startFakeGitHub();
  dir = tempDir();
});
afterEach(async () => {
  await fake.close();
});

const run = (file: string, args: string[] = []) => syncCli(fake, file, ['--pacing', 'off', ...args]);
const withoutT2 = SMALL_PLAN.replace(/ {10}- id: t2\n(?: {12}.*\n)*/, '');

describe('orphans', () => {
  it('one that --prune closed is reported "already closed" on every later run, dry or not, with or without --prune', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    expect((await run(plan)).code).toBe(0);
    const smaller = writePlan(dir, 'smaller.yaml', withoutT2);
    const pruned = await run(smaller, ['--prune']);
    expect(pruned.report.orphans).toMatchObject([{ id: 't2', action: 'closed' }]);
    for (const args of [[], ['--dry-run'], ['--prune'], ['--prune', '--dry-run']]) {
      const later = await run(smaller, args);
      expect(later.report.orphans, args.join(' ')).toMatchObject([{ id: 't2', action: 'already closed' }]);
      expect(later.stderr, args.join(' ')).not.toContain('--prune closes it');
    }
  });

  it('keeps its links, open or closed: the plan no longer owns them, and the board shows where it was', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    expect((await run(plan)).code).toBe(0);
    const smaller = writePlan(dir, 'smaller.yaml', withoutT2);
    for (const args of [[], ['--prune']]) {
      const synced = await run(smaller, args);
      expect(synced.report.relations.removed, args.join(' ')).toEqual([]);
      expect(viewRepo(fake.state).t2, args.join(' ')).toMatchObject({ parent: 's1', blockedBy: ['t1'] });
    }
  });
});

describe('--quiet', () => {
  it('still gives the counts of what changed, on the summary line', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    expect((await run(plan)).code).toBe(0);
    const edited = writePlan(
      dir,
      'plan.yaml',
      SMALL_PLAN.replace('Task one', 'Task 1')
        .replace('Task two', 'Task 2')
        .replace('Task three', 'Task 3')
        .replace('Story two', 'Story 2'),
    );
    const quiet = await run(edited, ['--quiet']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Synced plan small to acme\/shop in \d+\.\d s: 0 created, 4 updated, 2 unchanged, 0 failed; links 0 added, 0 removed$/,
      ),
    ]);
  });
});

it("a first sync of the 105-item plan prints no Node warning (the interrupt's signals are listened to by every request)", async () => {
  const synced = await run('plans/b105.yaml');
  expect(synced.code, synced.stderr).toBe(0);
  expect(synced.stderr).not.toMatch(/Warning|\(node:\d+\)/);
});
