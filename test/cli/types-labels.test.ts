/** Issue types, their label fallback, labels and milestones: set in the create itself, made once, reused. */
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { viewRepo, writesOf } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
afterEach(async () => {
  await fake.close();
});

const WITH_MILESTONES = SMALL_PLAN.replace(
  '    title: Epic one\n',
  '    title: Epic one\n    milestone: Q3 2026\n',
).replace(
  '        title: Story two\n',
  '        title: Story two\n        milestone: Q3 2026\n        labels: [area/checkout]\n',
);

describe('issue types', () => {
  it('are set in the create request itself: no extra call per item', async () => {
    fake = await startFakeGitHub();
    const run = await syncCli(fake, writePlan(tempDir(), 'plan.yaml', SMALL_PLAN));
    expect(run.code).toBe(0);
    const creates = run.requests.filter((r) => r.route === 'POST /repos/{owner}/{repo}/issues');
    expect(creates.map((r) => (r.body as { type?: string }).type)).toEqual([
      'Epic',
      'Story',
      'Story',
      'Task',
      'Task',
      'Task',
    ]);
    expect(run.requests.filter((r) => r.route === 'GET /repos/{owner}/{repo}/issue-types')).toHaveLength(1);
    const view = viewRepo(fake.state);
    expect([view.e1?.type, view.s1?.type, view.t1?.type]).toEqual(['Epic', 'Story', 'Task']);
  });

  it("are matched case-insensitively and written in GitHub's spelling, so a re-run writes nothing", async () => {
    fake = await startFakeGitHub();
    const plan = writePlan(
      tempDir(),
      'plan.yaml',
      SMALL_PLAN.replace('id: small\n', 'id: small\ntypes: { epic: EPIC, story: story }\n'),
    );
    const run = await syncCli(fake, plan);
    expect(run.code, run.stderr).toBe(0);
    expect(viewRepo(fake.state).e1?.type).toBe('Epic');
    expect(writesOf((await syncCli(fake, plan)).requests)).toBe(0);
  });

  it('fall back to type:<kind> labels where the server has none (404), said once', async () => {
    fake = await startFakeGitHub({ capabilities: { issueTypes: false } });
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    const run = await syncCli(fake, plan);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(/using labels type:epic, type:story, type:task instead/g)).toHaveLength(1);
    const view = viewRepo(fake.state);
    expect(view.e1).toMatchObject({ type: null, labels: ['planpilot', 'roadmap', 'type:epic'] });
    expect(view.t3?.labels).toContain('type:task');
    expect(run.requests.some((r) => (r.body as { type?: string } | undefined)?.type !== undefined)).toBe(false);
    // The issues now say which way was used: a re-run neither probes again nor writes.
    const rerun = await syncCli(fake, plan);
    expect(writesOf(rerun.requests)).toBe(0);
    expect(rerun.requests.filter((r) => r.route.endsWith('/issue-types'))).toHaveLength(0);
  });
});

describe('labels and milestones', () => {
  it('are created once, before the items that need them, and reused by later runs and other plans', async () => {
    fake = await startFakeGitHub();
    fake.state.createLabel('acme', 'shop', { name: 'roadmap', color: '000000' });
    const plan = writePlan(tempDir(), 'plan.yaml', WITH_MILESTONES);
    const run = await syncCli(fake, plan);
    expect(run.code, run.stderr).toBe(0);
    const labelPosts = run.requests.filter((r) => r.route === 'POST /repos/{owner}/{repo}/labels');
    expect(labelPosts.map((r) => (r.body as { name: string }).name).sort()).toEqual(['area/checkout', 'planpilot']);
    const milestonePosts = run.requests.filter((r) => r.route === 'POST /repos/{owner}/{repo}/milestones');
    expect(milestonePosts.map((r) => (r.body as { title: string }).title)).toEqual(['Q3 2026']);
    const firstCreate = run.requests.findIndex((r) => r.route === 'POST /repos/{owner}/{repo}/issues');
    const lastSetup = Math.max(...[...labelPosts, ...milestonePosts].map((r) => run.requests.indexOf(r)));
    expect(lastSetup).toBeLessThan(firstCreate);
    // An existing label keeps its colour.
    expect(fake.state.labels('acme', 'shop').find((l) => l.name === 'roadmap')?.color).toBe('000000');
    expect(viewRepo(fake.state).s2).toMatchObject({ milestone: 'Q3 2026' });
    expect(viewRepo(fake.state).s2?.labels).toContain('area/checkout');

    // Another plan (its own titles: the same ids and titles would read as plan "small" renamed).
    const other = writePlan(
      tempDir(),
      'other.yaml',
      WITH_MILESTONES.replace('id: small', 'id: other').replaceAll('title: ', 'title: Other '),
    );
    const second = await syncCli(fake, other);
    expect(second.code).toBe(0);
    expect(second.requests.filter((r) => r.route.endsWith('/labels') && r.method === 'POST')).toHaveLength(0);
    expect(second.requests.filter((r) => r.route.endsWith('/milestones') && r.method === 'POST')).toHaveLength(0);
    expect(fake.state.milestones('acme', 'shop')).toHaveLength(1);
  });
});
