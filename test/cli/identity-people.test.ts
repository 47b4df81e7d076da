/**
 * Issue 16's cases, each as a person (or a second team) does it through the fake GitHub's API between two runs of
 * the built CLI: renames of the plan, the label and an item; edited and pasted markers; two plan files with one id;
 * adoption of issues without a marker; prune's consent. No re-run may leave a duplicate open or lose people's work.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../fake-github/harness.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { countByRoute, markerOf, viewRepo } from '../helpers/github-view.js';
import { SMALL_PLAN, type SyncRun, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

const PERSON_TOKEN = 'ghp_monalisaPersonalToken000000000000000';
const CREATE = 'POST /repos/{owner}/{repo}/issues';

let fake: FakeGitHub;
let dir: string;
let plan: string;
beforeEach(async () => {
  fake = await startFakeGitHub({ actors: { [PERSON_TOKEN]: 'monalisa' } });
  dir = tempDir();
  plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
  expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
});
afterEach(async () => {
  await fake.close();
});

const run = (file: string, args: string[] = []) => syncCli(fake, file, ['--pacing', 'off', ...args]);
const writes = (r: SyncRun) => r.requests.filter((request) => request.method !== 'GET');
const openIssues = () => fake.state.issues('acme', 'shop').filter((issue) => issue.state === 'open');
const bodyOf = (number: number) => fake.state.issue('acme', 'shop', number)?.body ?? '';
const edit = (number: number, patch: Record<string, unknown>, token?: string) =>
  call(fake, 'PATCH', `/repos/acme/shop/issues/${number}`, patch, token ? { token } : {});

describe('a renamed plan id', () => {
  it('stops before any write, in the dry run too, and previous_ids keeps every issue', async () => {
    const before = viewRepo(fake.state);
    const renamed = writePlan(dir, 'renamed.yaml', SMALL_PLAN.replace('id: small', 'id: shop-roadmap'));
    for (const args of [['--dry-run'], []]) {
      const stopped = await run(renamed, args);
      expect(stopped.code, stopped.stderr).toBe(2);
      expect(writes(stopped)).toEqual([]);
      expect(stopped.stderr).toContain('belong to plan "small" and have this plan\'s item ids and titles');
      expect(stopped.stderr).toContain('add "previous_ids: [small]" to the plan');
    }

    // A copy of the plan that should have issues of its own says so.
    const copy = await run(renamed, ['--separate-plan', '--dry-run']);
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.report.items.every((item) => item.action === 'created')).toBe(true);

    const declared = writePlan(
      dir,
      'declared.yaml',
      SMALL_PLAN.replace('id: small', 'id: shop-roadmap\nprevious_ids: [small]'),
    );
    const adopted = await run(declared);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(countByRoute(adopted.requests)[CREATE]).toBeUndefined();
    expect(adopted.report.orphans).toEqual([]);
    const after = viewRepo(fake.state, 'acme', 'shop', { plan: 'shop-roadmap' });
    for (const id of Object.keys(before)) {
      expect(after[id]?.number, id).toBe(before[id]?.number);
      expect(after[id]?.parent, id).toBe(before[id]?.parent);
    }
    expect(after.t2?.blockedBy).toEqual(['t1']);
    expect((await run(declared)).requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a changed --label stops the run and says so; --relabel moves the issues under the new label', async () => {
    const stopped = await run(plan, ['--label', 'roadmap-2027']);
    expect(stopped.code, stopped.stderr).toBe(2);
    expect(writes(stopped)).toEqual([]);
    expect(stopped.stderr).toMatch(/6 issue\(s\) of plan "small" carry its markers under the label "planpilot"/);
    expect(stopped.stderr).toContain('--relabel');

    const moved = await run(plan, ['--label', 'roadmap-2027', '--relabel']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(countByRoute(moved.requests)[CREATE]).toBeUndefined();
    expect(openIssues()).toHaveLength(6);
    for (const issue of Object.values(viewRepo(fake.state))) expect(issue.labels).toContain('roadmap-2027');
    expect(writes(await run(plan, ['--label', 'roadmap-2027']))).toEqual([]);
  });
});

describe('a renamed item id', () => {
  const renamedPlan = SMALL_PLAN.replace('          - id: t1\n', '          - id: t1-checkout\n').replace(
    'depends_on: [t1]',
    'depends_on: [t1-checkout]',
  );

  it('without previous_ids: reported as a likely rename in the dry run and the run', async () => {
    const t1 = viewRepo(fake.state).t1!;
    const file = writePlan(dir, 'renamed.yaml', renamedPlan);
    const dry = await run(file, ['--dry-run']);
    expect(dry.report.likelyRenames).toEqual([{ orphan: 't1', number: t1.number, item: 't1-checkout' }]);
    expect(dry.stderr).toContain(`add "previous_ids: [t1]" to "t1-checkout" so #${t1.number} is kept`);
    const synced = await run(file);
    expect(synced.report.likelyRenames).toEqual([{ orphan: 't1', number: t1.number, item: 't1-checkout' }]);
  });

  it('with previous_ids: the issue keeps its number, its links and its marker follows the new id', async () => {
    const t1 = viewRepo(fake.state).t1!;
    const file = writePlan(
      dir,
      'declared.yaml',
      renamedPlan.replace(
        '          - id: t1-checkout\n',
        '          - id: t1-checkout\n            previous_ids: [t1]\n',
      ),
    );
    const dry = await run(file, ['--dry-run']);
    expect(dry.report.items.find((i) => i.id === 't1-checkout')).toMatchObject({
      number: t1.number,
      action: 'updated',
    });
    const synced = await run(file);
    expect(synced.code, synced.stderr).toBe(0);
    expect(countByRoute(synced.requests)[CREATE]).toBeUndefined();
    expect(synced.report.orphans).toEqual([]);
    expect(markerOf(bodyOf(t1.number))).toEqual({ plan: 'small', item: 't1-checkout' });
    const view = viewRepo(fake.state);
    expect(view['t1-checkout']).toMatchObject({ number: t1.number, parent: 's1' });
    expect(view.t2?.blockedBy).toEqual(['t1-checkout']);
    expect(writes(await run(file))).toEqual([]);
  });

  it('a previous id that is a current id is refused with file, line and column', async () => {
    const file = writePlan(
      dir,
      'bad.yaml',
      SMALL_PLAN.replace(
        '            title: Task two\n',
        '            title: Task two\n            previous_ids: [t1]\n',
      ),
    );
    const refused = await run(file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad\.yaml:\d+:\d+.*previous id "t1" is the id of an item of this plan/);
    expect(refused.requests).toEqual([]);
  });
});

describe('markers people touched', () => {
  it('an edited marker (item=s1 → item=s2) closes nothing, and the marker is put right', async () => {
    const view = viewRepo(fake.state);
    const s1 = view.s1!.number;
    const s2 = view.s2!.number;
    expect((await edit(s1, { body: bodyOf(s1).replace('item=s1 ', 'item=s2 ') })).status).toBe(200);
    const synced = await run(plan);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.report.duplicates).toEqual([]);
    expect(synced.stderr).toContain(`#${s1}'s marker says "s2" but planpilot wrote it as "s1"`);
    expect(openIssues()).toHaveLength(6);
    expect(markerOf(bodyOf(s1))).toEqual({ plan: 'small', item: 's1' });
    expect(viewRepo(fake.state)).toMatchObject({ s1: { number: s1 }, s2: { number: s2 }, t1: { parent: 's1' } });
    expect(countByRoute(synced.requests)[CREATE]).toBeUndefined();
  });

  it("another issue's text pasted above the section (marker included) closes nothing and re-creates nothing", async () => {
    const view = viewRepo(fake.state);
    const t1 = view.t1!.number;
    const t3 = view.t3!.number;
    expect((await edit(t1, { body: `Copied from #${t3}:\n\n${bodyOf(t3)}\n\n${bodyOf(t1)}` })).status).toBe(200);
    const pasted = bodyOf(t1);
    const synced = await run(plan);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.report.duplicates).toEqual([]);
    expect(countByRoute(synced.requests)[CREATE]).toBeUndefined();
    expect(openIssues()).toHaveLength(6);
    expect(bodyOf(t1)).toBe(pasted);
    expect(writes(synced)).toEqual([]);
  });

  it("a race's twin is closed as a duplicate once; reopened by a person, it is never closed or prefixed again", async () => {
    const t3 = viewRepo(fake.state).t3!.number;
    const twin = await call(fake, 'POST', '/repos/acme/shop/issues', {
      title: 'Task three',
      body: bodyOf(t3),
      labels: ['planpilot', 'roadmap'],
    });
    const twinNumber = (twin.body as { number: number }).number;
    const closed = await run(plan);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.report.duplicates).toEqual([
      expect.objectContaining({ number: twinNumber, keptNumber: t3, action: 'closed' }),
    ]);
    expect(fake.state.issue('acme', 'shop', twinNumber)).toMatchObject({ state: 'closed', stateReason: 'duplicate' });
    expect((await edit(twinNumber, { state: 'open' }, PERSON_TOKEN)).status).toBe(200);
    for (const args of [['--dry-run'], [], []]) {
      const again = await run(plan, args);
      expect(again.code, again.stderr).toBe(0);
      expect(again.report.duplicates).toEqual([
        expect.objectContaining({ number: twinNumber, action: 'kept', note: 'reopened by a person' }),
      ]);
      expect(writes(again)).toEqual([]);
    }
    expect(bodyOf(twinNumber).match(/Duplicate of #/g)).toHaveLength(1);
    expect(fake.state.issue('acme', 'shop', twinNumber)?.state).toBe('open');
  });

  it('two issues of one item that a person made (not a race) are both left open and reported', async () => {
    const t3 = viewRepo(fake.state).t3!.number;
    const copy = await call(
      fake,
      'POST',
      '/repos/acme/shop/issues',
      { title: 'Task three (copy)', body: bodyOf(t3), labels: ['planpilot'] },
      { token: PERSON_TOKEN },
    );
    const copyNumber = (copy.body as { number: number }).number;
    const synced = await run(plan, ['--prune']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.report.duplicates).toEqual([
      expect.objectContaining({ id: 't3', number: copyNumber, keptNumber: t3, action: 'kept' }),
    ]);
    expect(synced.report.duplicates[0]?.note).toMatch(/^not closed: opened by different accounts/);
    expect(fake.state.issue('acme', 'shop', copyNumber)?.state).toBe('open');
    expect(fake.state.issue('acme', 'shop', t3)?.state).toBe('open');
  });
});

describe('two plan files with one id, and prune', () => {
  it("team B's --prune refuses to close team A's roadmap, says why, and exits 1", async () => {
    const teamA = Object.values(viewRepo(fake.state)).map((issue) => `/repos/acme/shop/issues/${issue.number}`);
    const teamB = writePlan(
      dir,
      'team-b.yaml',
      'version: 1\nid: small\nepics:\n  - id: b1\n    title: Team B epic\n    stories:\n      - id: b1s1\n        title: Team B story\n',
    );
    const pruned = await run(teamB, ['--prune']);
    expect(pruned.code, pruned.stderr).toBe(1);
    expect(pruned.report.pruneRefused).toMatchObject({ limit: 3, managed: 6 });
    expect(pruned.report.pruneRefused?.wouldClose).toHaveLength(6);
    expect(pruned.stderr).toContain("--prune would close 6 of the plan's 6 issues");
    expect(pruned.stderr).toContain('If another plan file uses the id "small", give one of them another id');
    expect(pruned.requests.filter((r) => r.method === 'PATCH' && teamA.includes(r.path))).toEqual([]);
    expect(fake.state.issues('acme', 'shop').filter((i) => i.state === 'closed')).toEqual([]);
    const dry = await run(teamB, ['--prune', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.report.orphans.every((o) => o.action === 'kept' && o.note?.startsWith('not closed:'))).toBe(true);
  });

  it('closes within the limit, and past it with --max-prune', async () => {
    const twoLess = writePlan(
      dir,
      'less.yaml',
      SMALL_PLAN.split('          - id: t2\n')[0]! +
        '      - id: s2\n        title: Story two\n        depends_on: [s1]\n',
    );
    const within = await run(twoLess, ['--prune']);
    expect(within.code, within.stderr).toBe(0);
    expect(within.report.orphans.map((o) => [o.id, o.action]).sort()).toEqual([
      ['t2', 'closed'],
      ['t3', 'closed'],
    ]);
    const empty = writePlan(dir, 'empty.yaml', 'version: 1\nid: small\nepics: []\n');
    expect((await run(empty, ['--prune'])).code).toBe(1);
    const consented = await run(empty, ['--prune', '--max-prune', '4']);
    expect(consented.code, consented.stderr).toBe(0);
    expect(openIssues()).toEqual([]);
  });
});

describe('adoption of an issue without a marker', () => {
  it('takes back our own issue whose marker a person erased, worded "adopted"', async () => {
    const t1 = viewRepo(fake.state).t1!.number;
    expect((await edit(t1, { body: 'I rewrote this issue.' })).status).toBe(200);
    const synced = await run(plan);
    expect(synced.code, synced.stderr).toBe(0);
    expect(countByRoute(synced.requests)[CREATE]).toBeUndefined();
    expect(synced.stderr).toContain(
      `#${t1} has the label but no planpilot marker; its title, author and links are "t1"'s: adopted`,
    );
    expect(bodyOf(t1)).toMatch(/^I rewrote this issue\.\n\n<!-- planpilot:begin plan=small item=t1 /);
  });

  it("never takes a person's issue with the label and an item's title: it is left untouched", async () => {
    const withLabel = await run(plan, ['--label', 'enhancement', '--relabel']);
    expect(withLabel.code, withLabel.stderr).toBe(0);
    const personal = await call(
      fake,
      'POST',
      '/repos/acme/shop/issues',
      { title: 'Task four', body: 'My own idea.', labels: ['enhancement'], assignees: ['monalisa'] },
      { token: PERSON_TOKEN },
    );
    const number = (personal.body as { number: number }).number;
    const bigger = writePlan(
      dir,
      'bigger.yaml',
      SMALL_PLAN.replace(
        '            title: Task three\n',
        '            title: Task three\n          - id: t4\n            title: Task four\n            assignees: [hubot]\n',
      ),
    );
    const synced = await run(bigger, ['--label', 'enhancement']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stderr).toContain(
      `#${number} has the title of "t4" and the label, but no planpilot marker, and it was opened by monalisa`,
    );
    expect(countByRoute(synced.requests)[CREATE]).toBe(1);
    expect(synced.requests.some((r) => r.path === `/repos/acme/shop/issues/${number}` && r.method !== 'GET')).toBe(
      false,
    );
    expect(fake.state.issue('acme', 'shop', number)).toMatchObject({
      body: 'My own idea.',
      assignees: ['monalisa'],
      parentId: null,
    });
  });

  it("plan beta never adopts plan alpha's issue that lost its marker", async () => {
    const alphaS1 = viewRepo(fake.state).s1!.number;
    const beta = writePlan(
      dir,
      'beta.yaml',
      'version: 1\nid: beta\nepics:\n  - id: b1\n    title: Beta epic\n    stories:\n      - id: b1s1\n        title: Beta story\n',
    );
    expect((await run(beta)).code).toBe(0);
    expect((await edit(alphaS1, { body: 'Notes only.' })).status).toBe(200);
    const betaGrows = writePlan(
      dir,
      'beta2.yaml',
      `${readFileSync(beta, 'utf8')}      - id: b1s2\n        title: Story one\n`,
    );
    const synced = await run(betaGrows);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stderr).toContain(
      `#${alphaS1} has the title of "b1s2" and the label, but no planpilot marker, and it is linked to another plan's issues`,
    );
    expect(countByRoute(synced.requests)[CREATE]).toBe(1);
    expect(bodyOf(alphaS1)).toBe('Notes only.');
  });
});
