/**
 * `planpilot sync --close-completed` end to end: parents closed as completed when their children are all closed,
 * reopened when planpilot closed them and a child is open again; a person's decisions (a reopen, a close as not
 * planned, a close as completed with open children) stand. People act through the fake's API with their own token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, TOKEN as PERSON_TOKEN } from '../fake-github/harness.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { countByRoute, viewRepo, writesOf } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let plan: string;
const FAST = ['--pacing', 'off'];
beforeEach(async () => {
  // planpilot's token acts as the viewer (octocat, who opens the plan's issues); the person's token as alice.
  fake = await startFakeGitHub({ users: ['alice'], actors: { [PERSON_TOKEN]: 'alice' } });
  plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
  const first = await syncCli(fake, plan, ['--max-concurrency', '1', ...FAST]);
  expect(first.code, first.stderr).toBe(0);
});
afterEach(async () => {
  await fake.close();
});

/** e1 #1, s1 #2, s2 #3, t1 #4, t2 #5, t3 #6 (one request at a time). */
const N = { e1: 1, s1: 2, s2: 3, t1: 4, t2: 5, t3: 6 } as const;

async function person(id: keyof typeof N, fields: Record<string, unknown>): Promise<void> {
  const answer = await call(fake, 'PATCH', `/repos/acme/shop/issues/${N[id]}`, fields);
  expect(answer.status).toBe(200);
}
const close = (id: keyof typeof N, reason = 'completed') => person(id, { state: 'closed', state_reason: reason });
const reopen = (id: keyof typeof N) => person(id, { state: 'open' });
const stateOf = (id: keyof typeof N) => {
  const view = viewRepo(fake.state)[id]!;
  return view.state === 'closed'
    ? `closed ${view.stateReason}`
    : `open${view.stateReason ? ` ${view.stateReason}` : ''}`;
};
const URL = 'https://github.com/acme/shop/issues';

describe('sync --close-completed', () => {
  it('is off by default: a story whose tasks are all closed stays open', async () => {
    await close('t1');
    await close('t2');
    const run = await syncCli(fake, plan, FAST);
    expect(run.code, run.stderr).toBe(0);
    expect(stateOf('s1')).toBe('open');
    expect(run.report).not.toHaveProperty('rollup');
    expect(writesOf(run.requests)).toBe(0);
  });

  it('closes a parent whose children are all closed, and its epic in the same run when that closes the last story', async () => {
    await close('t1');
    await close('t2');
    const dry = await syncCli(fake, plan, ['--close-completed', '--dry-run', ...FAST]);
    expect(dry.report.rollup).toEqual([
      { id: 's1', number: 2, url: `${URL}/2`, action: 'closed', note: 'all its children are closed' },
    ]);
    expect(writesOf(dry.requests)).toBe(0);

    const run = await syncCli(fake, plan, ['--close-completed', ...FAST]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.rollup).toEqual(dry.report.rollup);
    expect(stateOf('s1')).toBe('closed completed');
    expect(stateOf('e1')).toBe('open');
    // One PATCH; an open parent with state_reason null needs no evidence of who did what: no event read.
    expect(countByRoute(run.requests)).toMatchObject({ 'PATCH /repos/{owner}/{repo}/issues/{issue_number}': 1 });
    expect(run.requests.some((r) => r.route.endsWith('/events'))).toBe(false);
    expect(run.report.cost.requests.total).toBe(run.requests.length);
    expect(run.stderr).toContain('x closed #2 s1 as completed: all its children are closed');

    await close('t3');
    const next = await syncCli(fake, plan, ['--close-completed', ...FAST]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.report.rollup?.map((r) => [r.id, r.action])).toEqual([
      ['s2', 'closed'],
      ['e1', 'closed'],
    ]);
    expect([stateOf('s2'), stateOf('e1')]).toEqual(['closed completed', 'closed completed']);

    // Nothing left to roll up: a re-run writes nothing.
    const again = await syncCli(fake, plan, ['--close-completed', ...FAST]);
    expect(again.report.rollup).toEqual([]);
    expect(writesOf(again.requests)).toBe(0);
  });

  it('reopens the parents planpilot closed when a child is open again, and closes them again when it is done', async () => {
    for (const id of ['t1', 't2', 't3'] as const) await close(id);
    expect((await syncCli(fake, plan, ['--close-completed', ...FAST])).report.rollup).toHaveLength(3);
    await reopen('t1');
    const run = await syncCli(fake, plan, ['--close-completed', ...FAST]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.rollup).toEqual([
      { id: 's1', number: 2, url: `${URL}/2`, action: 'reopened', note: 'a child is open again' },
      { id: 'e1', number: 1, url: `${URL}/1`, action: 'reopened', note: 'a child is open again' },
    ]);
    expect([stateOf('s1'), stateOf('e1'), stateOf('s2')]).toEqual([
      'open reopened',
      'open reopened',
      'closed completed',
    ]);
    // Who closed them is read only for these two: their events.
    expect(countByRoute(run.requests)['GET /repos/{owner}/{repo}/issues/{issue_number}/events']).toBe(2);
    expect(run.stdout + run.stderr).toContain('o reopened #2 s1: a child is open again');

    // planpilot's own reopen is no person's: once t1 is done again, both close again.
    await close('t1');
    const done = await syncCli(fake, plan, ['--close-completed', ...FAST]);
    expect(done.report.rollup?.map((r) => [r.id, r.action])).toEqual([
      ['s1', 'closed'],
      ['e1', 'closed'],
    ]);
    expect(done.stdout + done.stderr).toContain('x closed #2 s1 as completed: all its children are closed');
  });

  it('reopens a story planpilot closed when the plan gives it a new task, after creating the task', async () => {
    await close('t1');
    await close('t2');
    expect((await syncCli(fake, plan, ['--close-completed', ...FAST])).report.rollup).toHaveLength(1);
    const grown = writePlan(
      tempDir(),
      'plan.yaml',
      SMALL_PLAN.replace(
        '            depends_on: [t1]\n',
        '            depends_on: [t1]\n          - id: t4\n            title: Task four\n',
      ),
    );
    const run = await syncCli(fake, grown, ['--close-completed', ...FAST]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.items.find((i) => i.id === 't4')?.action).toBe('created');
    expect(run.report.rollup?.map((r) => [r.id, r.action])).toEqual([['s1', 'reopened']]);
    expect(stateOf('s1')).toBe('open reopened');
    expect(viewRepo(fake.state).t4?.parent).toBe('s1');
  });

  it("keeps a person's decisions: a reopened parent, one closed as not planned, one closed as completed by hand", async () => {
    await close('t1');
    await close('t2');
    expect((await syncCli(fake, plan, ['--close-completed', ...FAST])).report.rollup).toHaveLength(1);
    // alice reopens s1 although its tasks are done: it is not closed again.
    await reopen('s1');
    // alice closes s2 as not planned, and e1 as completed, while t3 is open: neither is reopened.
    await close('s2', 'not_planned');
    await close('e1');
    const run = await syncCli(fake, plan, ['--close-completed', ...FAST]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.rollup).toEqual([
      { id: 's1', number: 2, url: `${URL}/2`, action: 'kept', note: 'reopened by a person: not closed again' },
      { id: 'e1', number: 1, url: `${URL}/1`, action: 'kept', note: 'closed by a person: not reopened' },
    ]);
    expect([stateOf('s1'), stateOf('s2'), stateOf('e1')]).toEqual([
      'open reopened',
      'closed not_planned',
      'closed completed',
    ]);
    expect(writesOf(run.requests)).toBe(0);
  });
});
