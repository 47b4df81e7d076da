/**
 * Identity that survives what people do: each case is done through the fake GitHub's API, as a person would, and
 * the next sync must neither duplicate nor lose anything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../fake-github/harness.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { countByRoute, viewRepo } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let plan: string;
beforeEach(async () => {
  fake = await startFakeGitHub();
  plan = writePlan(tempDir(), 'small.yaml', SMALL_PLAN);
  expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
});
afterEach(async () => {
  await fake.close();
});

const openIssues = () => fake.state.issues('acme', 'shop').filter((issue) => issue.state === 'open');

describe('the managed label, removed by a person', () => {
  it('deleted from the repository: the next sync creates nothing, finds its issues by marker, and labels them again', async () => {
    const before = viewRepo(fake.state);
    expect((await call(fake, 'DELETE', '/repos/acme/shop/labels/planpilot')).status).toBe(204);
    expect(viewRepo(fake.state).e1?.labels).not.toContain('planpilot');

    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code, run.stderr).toBe(0);
    expect(countByRoute(run.requests)['POST /repos/{owner}/{repo}/issues']).toBeUndefined();
    expect(openIssues()).toHaveLength(6);
    expect(run.report.warnings.join('\n')).toMatch(/6 issue\(s\) of plan "small" had lost the label "planpilot"/);
    expect(run.report.labelsCreated).toContain('planpilot');
    const after = viewRepo(fake.state);
    for (const id of Object.keys(before)) expect(after[id]?.labels, id).toContain('planpilot');
    expect(after.t2?.blockedBy).toEqual(before.t2?.blockedBy);

    // And then it is an ordinary unchanged re-run again.
    const again = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(again.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('taken off one issue: no second copy of that item, and the label is put back', async () => {
    const t1 = viewRepo(fake.state).t1!;
    const removed = await call(fake, 'DELETE', `/repos/acme/shop/issues/${t1.number}/labels/planpilot`);
    expect(removed.status).toBe(200);

    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code, run.stderr).toBe(0);
    expect(countByRoute(run.requests)['POST /repos/{owner}/{repo}/issues']).toBeUndefined();
    expect(openIssues()).toHaveLength(6);
    expect(viewRepo(fake.state).t1).toMatchObject({ number: t1.number, parent: 's1' });
    expect(viewRepo(fake.state).t1?.labels).toContain('planpilot');
    expect(run.report.items.find((item) => item.id === 't1')).toMatchObject({ action: 'updated', changes: ['labels'] });
  });
});

describe("a person's reopen is respected", () => {
  it('an orphan that prune closed and a person reopened is never closed again, and is reported so', async () => {
    const smaller = writePlan(tempDir(), 'smaller.yaml', SMALL_PLAN.replace(/ {10}- id: t2\n(?: {12}.*\n)*/, ''));
    const pruned = await syncCli(fake, smaller, ['--pacing', 'off', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.report.orphans).toMatchObject([{ id: 't2', action: 'closed' }]);
    const t2 = pruned.report.orphans[0]!.number;
    expect((await call(fake, 'PATCH', `/repos/acme/shop/issues/${t2}`, { state: 'open' })).status).toBe(200);

    for (const args of [['--dry-run'], []]) {
      const run = await syncCli(fake, smaller, ['--pacing', 'off', '--prune', ...args]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.report.orphans).toEqual([
        expect.objectContaining({ id: 't2', number: t2, action: 'kept', note: 'reopened by a person' }),
      ]);
      expect(run.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(run.stderr).toContain(`? orphan #${t2} t2 (no longer in the plan): kept open, reopened by a person`);
    }
    expect(fake.state.issue('acme', 'shop', t2)?.state).toBe('open');
  });
});

describe('answers that are not what GitHub documents', () => {
  it('an issue list that is not a list stops the run before any write (exit 3), instead of reading as empty', async () => {
    fake.setFaults([{ kind: 'malformed-200', route: 'GET /repos/{owner}/{repo}/issues', count: 1 }]);
    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('GitHub answered an issue request with something planpilot cannot read');
    expect(run.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(fake.state.issues('acme', 'shop')).toHaveLength(6);
  });

  it.each([
    'GET /repos/{owner}/{repo}/labels',
    'GET /repos/{owner}/{repo}/milestones',
    'GET /rate_limit',
    'GET /repos/{owner}/{repo}',
  ])('%s answered with something else stops the run before any write (exit 3)', async (route) => {
    const needsMore = writePlan(
      tempDir(),
      'more.yaml',
      SMALL_PLAN.replace('labels: [roadmap]', 'labels: [roadmap, brand-new]').replace(
        '            title: Task one\n',
        '            title: Task one\n            milestone: Q4\n',
      ),
    );
    fake.setFaults([{ kind: 'malformed-200', route, count: 5 }]);
    const run = await syncCli(fake, needsMore, ['--pacing', 'off']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('with something planpilot cannot read');
    expect(run.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
