/** `planpilot sync` end to end: the built CLI in a child process against the fake GitHub on loopback. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../src/sync/report/report.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { countByRoute, viewRepo, writesOf } from '../helpers/github-view.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let dir: string;
beforeEach(async () => {
  fake = await startFakeGitHub({ users: ['alice', 'bob'], projects: [EXAMPLE_PROJECT] });
  dir = tempDir();
});
afterEach(async () => {
  await fake.close();
});

const EXAMPLE = 'plans/example.yaml';

describe('first sync and re-run', () => {
  it('builds the hierarchy and dependencies of the example plan, then re-runs with zero writes', async () => {
    // 85 content-creating requests: more than GitHub's 80 a minute, so the default pacing would wait a minute.
    const first = await syncCli(fake, EXAMPLE, ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    const view = viewRepo(fake.state);
    expect(Object.keys(view)).toHaveLength(30);
    // Hierarchy and dependencies, as a person sees them on GitHub.
    expect(view.sso?.parent).toBe('auth');
    expect(view['oauth-callback']?.parent).toBe('sso');
    expect(view.auth?.parent).toBeNull();
    expect(view['checkout-endpoint']?.blockedBy).toEqual(['checkout-schema', 'idempotency-keys']);
    expect(view['checkout-flow']?.blockedBy).toEqual(['checkout-api', 'sso']);
    expect(view.payments?.blockedBy).toEqual(['auth']);
    expect(view.auth?.labels).toEqual(['area/auth', 'planpilot', 'roadmap']);
    expect(view.auth?.milestone).toBe('Q3 2026');
    expect(view.auth?.type).toBe('Epic');
    expect(view['oauth-client']?.type).toBe('Task');
    // Enriched bodies name parent, blockers and children by number.
    expect(view.sso?.body).toContain('**Parent:** #auth');
    expect(view.sso?.body).toContain('- [ ] #oauth-client\n- [ ] #oauth-callback\n- [ ] #sso-ui');
    expect(view['checkout-endpoint']?.body).toContain('**Blocked by:** #checkout-schema, #idempotency-keys');
    const totalLinks = Object.values(view).reduce((n, v) => n + v.blockedBy.length, 0);
    expect(totalLinks).toBe(17);

    expect(first.report.items.every((item) => item.action === 'created')).toBe(true);
    expect(first.report.relations.added).toHaveLength(27 + 17);
    // The exact request bill of a first sync: a regression in calls fails here.
    // Enrichment PATCHes: 3 epics and 8 stories list their children; 10 tasks name a blocker made in the same phase.
    // Projects v2: the fields are read before any write; the items are not (no issue of the plan existed yet); each
    // issue is added once and gets its values in one update.
    expect(countByRoute(first.requests)).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /rate_limit': 1,
      'GET /repos/{owner}/{repo}': 1,
      'GET /repos/{owner}/{repo}/issue-types': 1,
      // Discovery by label; every issue once, as items are missing (a person may have removed the label); and once
      // more after the creates, to catch a concurrent run's duplicates.
      'GET /repos/{owner}/{repo}/issues': 3,
      'GET /repos/{owner}/{repo}/labels': 1,
      'GET /repos/{owner}/{repo}/milestones': 1,
      'PATCH /orgs/{org}/projectsV2/{project_number}/items/{item_id}': 30,
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}': 21,
      'POST /orgs/{org}/projectsV2/{project_number}/items': 30,
      'POST /repos/{owner}/{repo}/issues': 30,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by': 17,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues': 27,
      'POST /repos/{owner}/{repo}/labels': 6,
      'POST /repos/{owner}/{repo}/milestones': 2,
    });
    expect(first.report.requests.total).toBe(first.requests.length);
    expect(first.report.project).toMatchObject({ url: 'https://github.com/orgs/acme/projects/1', failed: [] });
    expect(first.report.project?.itemsAdded).toHaveLength(30);
    expect(first.report.project?.itemsUpdated).toHaveLength(30);
    const board = fake.projects.find('acme', 1)!;
    const valuesOf = (id: string) => {
      const item = fake.projects.itemOf(board, fake.state.issue('acme', 'shop', view[id]!.number)!.id);
      return item ? fake.projects.readValues(board, item) : undefined;
    };
    expect(valuesOf('auth')).toEqual({ Status: 'Todo', Priority: 'P1' });
    expect(valuesOf('checkout-endpoint')).toEqual({ Status: 'Todo', Estimate: 5 });
    // The cost predicted before the first write is exactly what the run spent.
    expect(first.report.cost.requests).toEqual({
      total: first.requests.length,
      reads: first.requests.filter((r) => r.method === 'GET').length,
      writes: writesOf(first.requests),
      contentCreating: first.requests.filter((r) => r.method === 'POST').length,
    });

    const again = await syncCli(fake, EXAMPLE, ['--pacing', 'off']);
    expect(again.code, again.stderr).toBe(0);
    expect(writesOf(again.requests)).toBe(0);
    // The issue list, the project's fields and its items (one page each).
    expect(countByRoute(again.requests)).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/items': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
    });
    expect(again.report.items.every((item) => item.action === 'unchanged')).toBe(true);
    expect(again.report.project).toMatchObject({ itemsAdded: [], itemsUpdated: [], failed: [] });
    expect(again.report.requests).toMatchObject({ total: 3, reads: 3, writes: 0 });
    expect(viewRepo(fake.state)).toEqual(view);
  });

  it('an unchanged re-run of the 105-item plan is the two pages of the issue list, parent_issue_url omitted as on github.com', async () => {
    const first = await syncCli(fake, 'plans/b105.yaml', ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    // The fake answers like github.com: an issue without a parent has no parent_issue_url key at all, so reading a
    // missing key as "unknown" would list every issue's sub-issues here (107 requests).
    const again = await syncCli(fake, 'plans/b105.yaml', ['--pacing', 'off']);
    expect(again.code, again.stderr).toBe(0);
    expect(countByRoute(again.requests)).toEqual({ 'GET /repos/{owner}/{repo}/issues': 2 });
    expect(again.report.items).toHaveLength(105);
    expect(again.report.items.every((item) => item.action === 'unchanged')).toBe(true);
  });

  it('ends in identical GitHub state with --max-concurrency 1 and 5', async () => {
    const one = await syncCli(fake, EXAMPLE, ['--max-concurrency', '1', '--pacing', 'off']);
    expect(one.code).toBe(0);
    const other = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
    try {
      const five = await syncCli(other, EXAMPLE, ['--max-concurrency', '5', '--pacing', 'off']);
      expect(five.code).toBe(0);
      const strip = (view: ReturnType<typeof viewRepo>) =>
        Object.fromEntries(Object.entries(view).map(([id, v]) => [id, { ...v, number: 0 }]));
      expect(strip(viewRepo(other.state))).toEqual(strip(viewRepo(fake.state)));
      expect(fake.stats.maxConcurrent).toBe(1);
      expect(countByRoute(five.requests)).toEqual(countByRoute(one.requests));
    } finally {
      await other.close();
    }
  });
});

describe('edits', () => {
  it('an edited title costs exactly one write', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    expect((await syncCli(fake, plan)).code).toBe(0);
    writePlan(dir, 'plan.yaml', SMALL_PLAN.replace('Task three', 'Task three, renamed'));
    const run = await syncCli(fake, plan);
    expect(run.code).toBe(0);
    expect(countByRoute(run.requests)).toEqual({
      'GET /rate_limit': 1,
      'GET /repos/{owner}/{repo}': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}': 1,
    });
    expect(run.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ title: 'Task three, renamed' });
    expect(run.report.items.find((i) => i.id === 't3')).toMatchObject({ action: 'updated', changes: ['title'] });
    expect(viewRepo(fake.state).t3?.title).toBe('Task three, renamed');
  });

  it('moving a task to another story moves its sub-issue link and rewrites the three bodies', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    await syncCli(fake, plan);
    const moved = SMALL_PLAN.replace(
      '          - id: t2\n            title: Task two\n            depends_on: [t1]\n',
      '',
    ).replace(
      '          - id: t3\n',
      '          - id: t2\n            title: Task two\n            depends_on: [t1]\n          - id: t3\n',
    );
    writePlan(dir, 'plan.yaml', moved);
    const run = await syncCli(fake, plan);
    expect(run.code, run.stderr).toBe(0);
    const view = viewRepo(fake.state);
    expect(view.t2?.parent).toBe('s2');
    expect(view.t2?.blockedBy).toEqual(['t1']);
    const subIssuePosts = run.requests.filter((r) => r.route.endsWith('/sub_issues'));
    expect(subIssuePosts).toHaveLength(1);
    expect(subIssuePosts[0]?.body).toMatchObject({ replace_parent: true });
    expect(view.s1?.body).not.toContain('#t2');
    expect(view.s2?.body).toContain('- [ ] #t2');
    expect(run.report.items.filter((i) => i.action === 'updated').map((i) => i.id)).toEqual(['s1', 's2', 't2']);
  });

  it('dropping a dependency removes that link and only that one', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    await syncCli(fake, plan);
    writePlan(dir, 'plan.yaml', SMALL_PLAN.replace('            depends_on: [t1]\n', ''));
    const run = await syncCli(fake, plan);
    expect(run.code).toBe(0);
    const deletes = run.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.route).toBe(
      'DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}',
    );
    const view = viewRepo(fake.state);
    expect(view.t2?.blockedBy).toEqual([]);
    expect(view.s2?.blockedBy).toEqual(['s1']);
    expect(run.report.relations.removed).toEqual([
      expect.objectContaining({ kind: 'blocked-by', from: 't2', to: 't1' }),
    ]);
  });

  it("a person's links to issues the plan does not manage survive", async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    await syncCli(fake, plan);
    const foreign = fake.state.createIssue('acme', 'shop', { title: 'Legal review' });
    const other = fake.state.createIssue('acme', 'shop', { title: 'Spike: vendor comparison' });
    const view = viewRepo(fake.state);
    fake.state.addBlockedBy('acme', 'shop', view.t3!.number, foreign.number);
    fake.state.addSubIssue('acme', 'shop', view.s1!.number, other.number);
    const run = await syncCli(fake, plan);
    expect(run.code).toBe(0);
    expect(writesOf(run.requests)).toBe(0);
    const after = viewRepo(fake.state);
    expect(after.t3?.blockedBy).toEqual([`#${foreign.number}`]);
    expect(fake.state.parentOf('acme', 'shop', other.number)?.number).toBe(view.s1!.number);
  });
});

describe('items removed from the plan', () => {
  it('reports orphans every run and closes them as not planned with --prune', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    await syncCli(fake, plan);
    const withoutT3 = SMALL_PLAN.replace('        tasks:\n          - id: t3\n            title: Task three\n', '');
    writePlan(dir, 'plan.yaml', withoutT3);
    const t3 = viewRepo(fake.state).t3!.number;

    const kept = await syncCli(fake, plan);
    expect(kept.code).toBe(0);
    expect(kept.report.orphans).toEqual([expect.objectContaining({ id: 't3', number: t3, action: 'kept' })]);
    expect(viewRepo(fake.state).t3?.state).toBe('open');

    const pruned = await syncCli(fake, plan, ['--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.report.orphans).toEqual([expect.objectContaining({ id: 't3', action: 'closed' })]);
    expect(viewRepo(fake.state).t3).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    // Nothing is ever deleted.
    expect(fake.state.issues('acme', 'shop')).toHaveLength(6);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.route.includes('/issues/{issue_number}'))).toBe(false);
  });
});

describe('failures', () => {
  it("one item's failure leaves the others done, exits 1, and a re-run finishes it", async () => {
    // t1 needs a milestone that GitHub will not make (a refused field alone would not fail it: see refusals.test.ts).
    const bad = SMALL_PLAN.replace(
      '            title: Task one\n',
      '            title: Task one\n            milestone: Q3\n',
    );
    const plan = writePlan(dir, 'plan.yaml', bad);
    fake.setFaults([{ kind: 'status500', route: 'POST /repos/{owner}/{repo}/milestones', count: 20 }]);
    const run = await syncCli(fake, plan);
    fake.setFaults([]);
    expect(run.code).toBe(1);
    const t1 = run.report.items.find((i) => i.id === 't1');
    expect(t1).toMatchObject({ action: 'failed', number: null });
    expect(t1?.error).toMatch(/could not create milestone "Q3": 500/);
    expect(run.report.items.filter((i) => i.action === 'created')).toHaveLength(5);
    // Links that need t1 are skipped and reported; the rest are made.
    expect(run.report.relations.skipped.map((r) => `${r.from}>${r.to}`).sort()).toEqual(['s1>t1', 't2>t1']);
    expect(viewRepo(fake.state).s2?.blockedBy).toEqual(['s1']);
    expect(run.stderr).toContain('[t1] failed');
    // The headline does not claim success (with --json, human output goes to stderr).
    expect(run.stderr).toContain('Partly synced (some items failed; a re-run picks them up) plan small to acme/shop');
    expect(run.stderr).not.toMatch(/^Synced plan/m);

    writePlan(dir, 'plan.yaml', SMALL_PLAN);
    const rerun = await syncCli(fake, plan);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/^Synced plan small to acme\/shop/m);
    expect(rerun.report.items.find((i) => i.id === 't1')?.action).toBe('created');
    const view = viewRepo(fake.state);
    expect(Object.keys(view)).toHaveLength(6);
    expect(view.t1?.parent).toBe('s1');
    expect(view.t2?.blockedBy).toEqual(['t1']);
  });

  it('stops before any write with exit 3 when the token is rejected, and never prints the token', async () => {
    await fake.close();
    fake = await startFakeGitHub({ tokens: ['ghp_theRightOne000000000000000000000000'] });
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    const run = await runCli(['sync', plan, '--repo', 'acme/shop', '--token', TEST_TOKEN, '--api-url', fake.url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/rejected the token/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TEST_TOKEN);
    expect(writesOf(fake.requests)).toBe(0);
  });

  it('exits 3 for an unknown repository, before any write', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    const run = await runCli(['sync', plan, '--repo', 'acme/nope'], {
      GITHUB_TOKEN: TEST_TOKEN,
      GITHUB_API_URL: fake.url,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('acme/nope was not found');
    expect(writesOf(fake.requests)).toBe(0);
  });

  it('exits 2 without a repository, and 3 without a token unless it is a dry run', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    const noRepo = await runCli(['sync', plan], { GITHUB_TOKEN: TEST_TOKEN });
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toContain('No repository');
    const noToken = await runCli(['sync', plan, '--repo', 'acme/shop', '--api-url', fake.url]);
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toContain('GITHUB_TOKEN');
    const badConcurrency = await runCli(['sync', plan, '--max-concurrency', '0']);
    expect(badConcurrency.code).toBe(2);
    expect(fake.requests).toHaveLength(0);
  });

  it('sends nothing for an invalid plan and names file, line and column', async () => {
    const run = await runCli(['sync', 'test/fixtures/broken-plan.yaml', '--repo', 'acme/shop'], {
      GITHUB_TOKEN: TEST_TOKEN,
      GITHUB_API_URL: fake.url,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('test/fixtures/broken-plan.yaml:5:5: error');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('dry run', () => {
  it('reads GitHub to diff against it but sends no write', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    await syncCli(fake, plan);
    writePlan(
      dir,
      'plan.yaml',
      SMALL_PLAN.replace('Task three', 'Task 3').replace('            depends_on: [t1]\n', ''),
    );
    const run = await syncCli(fake, plan, ['--dry-run']);
    expect(run.code).toBe(0);
    expect(writesOf(run.requests)).toBe(0);
    expect(run.report.dryRun).toBe(true);
    expect(run.report.items.find((i) => i.id === 't3')).toMatchObject({ action: 'updated', changes: ['title'] });
    expect(run.report.relations.removed).toHaveLength(1);
    expect(run.stderr).toContain('~ update #');
    expect(run.stderr).toContain('- unlink t2');
  });

  it('previews offline with no token against an empty repository and exits 0', async () => {
    const run = await runCli(['sync', EXAMPLE, '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as SyncReport;
    expect(report.items).toHaveLength(30);
    expect(report.items.every((i) => i.action === 'created')).toBe(true);
    expect(report.requests.total).toBe(0);
    // Offline the project is not read: every issue would be added, with the values as the plan writes them.
    expect(report.project?.itemsAdded).toHaveLength(30);
    expect(report.project?.itemsUpdated.find((i) => i.id === 'checkout-endpoint')?.fields).toEqual({
      Status: 'Todo',
      Estimate: 5,
    });
    expect(run.stderr).toContain('+ add checkout-endpoint to the project (Status: Todo, Estimate: 5)');
    expect(run.stderr).toContain('+ create epic auth "Accounts and sign-in"');
  });
});

describe('two plans in one repository', () => {
  it('stay apart: each run touches only its own issues', async () => {
    const a = writePlan(dir, 'a.yaml', SMALL_PLAN);
    // Another plan with the same item ids (its titles differ: the same ids and titles would read as a renamed plan).
    const b = writePlan(dir, 'b.yaml', SMALL_PLAN.replace('id: small', 'id: other').replaceAll('title: ', 'title: B '));
    expect((await syncCli(fake, a)).code).toBe(0);
    expect((await syncCli(fake, b)).code).toBe(0);
    expect(Object.keys(viewRepo(fake.state, 'acme', 'shop', { plan: 'small' }))).toHaveLength(6);
    expect(Object.keys(viewRepo(fake.state, 'acme', 'shop', { plan: 'other' }))).toHaveLength(6);
    // Removing every item of plan a leaves plan b alone, even with --prune.
    writePlan(dir, 'a.yaml', 'version: 1\nid: small\nepics: []\n');
    const pruned = await syncCli(fake, a, ['--prune']);
    expect(pruned.report.orphans).toHaveLength(6);
    const other = viewRepo(fake.state, 'acme', 'shop', { plan: 'other' });
    expect(Object.values(other).every((v) => v.state === 'open')).toBe(true);
    expect(other.t2?.blockedBy).toEqual(['t1']);
    const rerunB = await syncCli(fake, b);
    expect(writesOf(rerunB.requests)).toBe(0);
  });
});

it('the README documents every sync flag', () => {
  const readme = readFileSync('README.md', 'utf8');
  for (const flag of [
    '--repo',
    '--max-concurrency',
    '--dry-run',
    '--prune',
    '--max-prune',
    '--label',
    '--relabel',
    '--separate-plan',
    '--json',
    '--token',
    '--project-token',
    '--api-url',
    '--pacing',
    '--quiet',
    '--verbose',
  ]) {
    expect(readme).toContain(flag);
  }
});
