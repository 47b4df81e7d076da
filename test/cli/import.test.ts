/**
 * `planpilot import` through the built CLI against the fake GitHub: a backlog people built through the API (sub-issues,
 * dependencies, labels, assignees, a milestone, issue types, their own text) becomes a plan that validates, whose
 * first sync creates nothing and writes each issue once, and whose re-run writes nothing. Import itself only reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../fake-github/harness.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { countByRoute, writesOf } from '../helpers/github-view.js';
import { runCli } from '../helpers/run-cli.js';
import { syncCli, TEST_TOKEN, tempDir } from '../helpers/sync-cli.js';

const PERSON = 'ghp_monalisaPersonalToken000000000000000';
const CREATE = 'POST /repos/{owner}/{repo}/issues';

let fake: FakeGitHub;
let dir: string;
beforeEach(async () => {
  fake = await startFakeGitHub({
    actors: { [PERSON]: 'monalisa' },
    projects: [EXAMPLE_PROJECT],
    repos: [
      { owner: 'acme', name: 'shop', ownerType: 'Organization' },
      { owner: 'acme', name: 'infra', ownerType: 'Organization' },
    ],
  });
  dir = tempDir();
});
afterEach(async () => {
  await fake.close();
});

/** As a person does it, through the API: returns the issue's number and global id. */
async function issue(fields: Record<string, unknown>, repo = 'shop'): Promise<{ number: number; id: number }> {
  const answer = await call(fake, 'POST', `/repos/acme/${repo}/issues`, fields, { token: PERSON });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const { number, id } = answer.body as { number: number; id: number };
  return { number, id };
}
async function subIssue(parent: number, child: { id: number }): Promise<void> {
  const answer = await call(fake, 'POST', `/repos/acme/shop/issues/${parent}/sub_issues`, { sub_issue_id: child.id });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
}
async function blockedBy(blocked: number, blocker: { id: number }): Promise<void> {
  const answer = await call(fake, 'POST', `/repos/acme/shop/issues/${blocked}/dependencies/blocked_by`, {
    issue_id: blocker.id,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
}
const bodyOf = (number: number) => fake.state.issue('acme', 'shop', number)?.body ?? '';

async function importCli(args: string[]) {
  const from = fake.requests.length;
  const result = await runCli(['import', '--repo', 'acme/shop', ...args], {
    GITHUB_TOKEN: TEST_TOKEN,
    GITHUB_API_URL: fake.url,
  });
  return { ...result, requests: fake.requests.slice(from) };
}

/** A backlog: an epic with two stories, tasks with people's text, a dependency, a milestone, types, assignees. */
async function buildBacklog() {
  const milestone = await call(fake, 'POST', '/repos/acme/shop/milestones', { title: 'Q3 2026' });
  const q3 = (milestone.body as { number: number }).number;
  const epic = await issue({
    title: 'Checkout revamp',
    type: 'Epic',
    labels: ['roadmap'],
    body: 'Our checkout is slow.\r\n\r\nGoals:\r\n- fewer steps\r\n- [ ] PCI review',
  });
  const api = await issue({
    title: 'Checkout API',
    type: 'Story',
    labels: ['roadmap', 'area/api'],
    assignees: ['monalisa'],
    milestone: q3,
  });
  const keys = await issue({
    title: 'Add idempotency keys',
    type: 'Task',
    labels: ['roadmap'],
    body: 'Keys live for 24 hours.',
  });
  const schema = await issue({ title: 'Define the schema', type: 'Task', labels: ['roadmap'], milestone: q3 });
  const ui = await issue({ title: 'Checkout UI', type: 'Story', labels: ['roadmap', 'area/web'] });
  const form = await issue({ title: 'Überprüfung des Formulars', type: 'Task', labels: ['roadmap'] });
  await subIssue(epic.number, api);
  await subIssue(api.number, keys);
  await subIssue(api.number, schema);
  await subIssue(epic.number, ui);
  await subIssue(ui.number, form);
  await blockedBy(keys.number, schema);
  await blockedBy(ui.number, api);
  return { epic, api, keys, schema, ui, form };
}

describe('planpilot import', () => {
  it('writes a valid plan of the tree; its first sync creates nothing and writes each issue once; a re-run writes nothing', async () => {
    const b = await buildBacklog();
    const out = join(dir, 'roadmap.yaml');
    const imported = await importCli(['--label', 'roadmap', '--out', out]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(writesOf(imported.requests)).toBe(0);
    expect(imported.requests.every((r) => r.method === 'GET')).toBe(true);
    // One listing, the sub-issues of the three issues that have some, the blockers of the two that have some.
    expect(countByRoute(imported.requests)).toEqual({
      'GET /repos/{owner}/{repo}/issues': 1,
      'GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by': 2,
      'GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues': 3,
    });
    expect(imported.stderr).toContain('6 requests (6 reads, 0 writes).');
    expect(imported.stderr).toContain(
      'Imported 6 issues from acme/shop (label "roadmap") as plan "roadmap": 1 epics, 2 stories, 3 tasks, 2 dependencies',
    );

    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S*schema\/plan\.schema\.json$/);
    expect(text).toContain(
      `  - id: checkout-revamp # #${b.epic.number}\n    title: Checkout revamp\n    issue: ${b.epic.number}\n`,
    );
    expect(text).toContain(
      '    body: |\n      Our checkout is slow.\n\n      Goals:\n      - fewer steps\n      - [ ] PCI review\n',
    );
    expect(text).toContain('labels: [roadmap]\n');
    expect(text).toContain('labels: [area/api]');
    expect(text).toContain('assignees: [monalisa]');
    expect(text).toContain('milestone: Q3 2026');
    expect(text).toContain(`- id: add-idempotency-keys # #${b.keys.number}`);
    expect(text).toContain('depends_on: [define-the-schema]');
    expect(text).toContain('depends_on: [checkout-api]');
    expect(text).toContain(`- id: uberprufung-des-formulars # #${b.form.number}`);
    expect(text).not.toContain('types:'); // Epic, Story and Task are the defaults

    const validated = await runCli(['validate', out, '--json']);
    expect(validated.code, validated.stderr).toBe(0);
    expect(JSON.parse(validated.stdout)).toMatchObject({
      valid: true,
      epics: 1,
      stories: 2,
      tasks: 3,
      dependencies: 2,
    });

    // Between the import and the sync, a person adds a note to one issue.
    await call(
      fake,
      'PATCH',
      `/repos/acme/shop/issues/${b.keys.number}`,
      {
        body: 'Keys live for 24 hours.\n\nAsk ops before changing this.',
      },
      { token: PERSON },
    );

    const first = await syncCli(fake, out, ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    const routes = countByRoute(first.requests);
    expect(routes[CREATE]).toBeUndefined();
    // The labelled issues (none yet), then every issue once: for lost labels and for the issue: numbers alike.
    expect(routes['GET /repos/{owner}/{repo}/issues']).toBe(2);
    expect(first.report.items.every((item) => item.action === 'updated')).toBe(true);
    const patched = first.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);
    expect(patched.sort()).toEqual(
      Object.values(b)
        .map((i) => `/repos/acme/shop/issues/${i.number}`)
        .sort(),
    );
    // Besides the one patch per issue, only the managed label is made; links and milestones are there already.
    expect(writesOf(first.requests)).toBe(patched.length + 1);
    expect(routes['POST /repos/{owner}/{repo}/labels']).toBe(1);
    expect(first.report.relations.added).toEqual([]);
    expect(first.report.relations.removed).toEqual([]);

    // People's words are all there, once; the imported text is inside the section, the later note above it.
    const epicBody = bodyOf(b.epic.number);
    expect(epicBody.startsWith('<!-- planpilot:begin plan=roadmap item=checkout-revamp ')).toBe(true);
    expect(epicBody.split('Our checkout is slow.')).toHaveLength(2);
    expect(epicBody).toContain('- fewer steps\n- [ ] PCI review');
    const keysBody = bodyOf(b.keys.number);
    expect(keysBody.startsWith('Ask ops before changing this.\n\n<!-- planpilot:begin')).toBe(true);
    expect(keysBody.split('Keys live for 24 hours.')).toHaveLength(2);
    const api = fake.state.issue('acme', 'shop', b.api.number)!;
    expect(api.assignees).toEqual(['monalisa']);
    expect(api.type).toBe('Story');
    expect(fake.state.issue('acme', 'shop', b.form.number)?.parentId).toBe(
      fake.state.issue('acme', 'shop', b.ui.number)?.id,
    );

    const again = await syncCli(fake, out, ['--pacing', 'off']);
    expect(again.code, again.stderr).toBe(0);
    expect(writesOf(again.requests)).toBe(0);
    expect(again.report.items.every((item) => item.action === 'unchanged')).toBe(true);
  });

  it('folds levels below tasks into the task body, reports them, and sync leaves their links alone', async () => {
    const levels: { number: number; id: number }[] = [];
    for (const title of ['Platform', 'Billing', 'Invoices', 'PDF export', 'Fonts', 'Licences']) {
      const made = await issue({ title, body: `About ${title}.` });
      if (levels.length > 0) await subIssue(levels.at(-1)!.number, made);
      levels.push(made);
    }
    await call(fake, 'PATCH', `/repos/acme/shop/issues/${levels[4]!.number}`, { state: 'closed' });
    const out = join(dir, 'deep.yaml');
    const imported = await importCli(['--issue', String(levels[0]!.number), '--out', out, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(writesOf(imported.requests)).toBe(0);
    const [, , task, pdf, fonts, licences] = levels.map((l) => l.number);
    expect(imported.stderr).toContain(
      `folded #${pdf} into the body of task invoices (#${task}): it is 1 level(s) below it`,
    );
    expect(imported.stderr).toContain(
      `folded #${licences} into the body of task invoices (#${task}): it is 3 level(s) below it`,
    );
    const summary = JSON.parse(imported.stdout);
    expect(summary).toMatchObject({ plan: 'shop', epics: 1, stories: 1, tasks: 1, out });
    expect(summary.folded.map((f: { number: number }) => f.number)).toEqual([pdf, fonts, licences]);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(
      `              About Invoices.\n\n              **Sub-issues below this task** (kept on GitHub; folded here by ` +
        `planpilot import):\n              - [ ] #${pdf} PDF export\n                - [x] #${fonts} Fonts\n` +
        `                  - [ ] #${licences} Licences\n`,
    );

    const first = await syncCli(fake, out, ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    expect(countByRoute(first.requests)[CREATE]).toBeUndefined();
    expect(first.report.relations.removed).toEqual([]);
    expect(fake.state.issue('acme', 'shop', pdf!)?.parentId).toBe(levels[2]!.id);
    expect(bodyOf(pdf!)).toBe('About PDF export.'); // a folded issue is not the plan's: untouched
    expect(writesOf((await syncCli(fake, out, ['--pacing', 'off'])).requests)).toBe(0);
  });

  it('reports what it leaves out: a dependency outside the set, one in another repository, a pull request', async () => {
    const epic = await issue({ title: 'Search', labels: ['search'] });
    const story = await issue({ title: 'Indexing', labels: ['search'] });
    await subIssue(epic.number, story);
    const outside = await issue({ title: 'Upgrade the database' });
    const elsewhere = await issue({ title: 'Provision a cluster' }, 'infra');
    await blockedBy(story.number, outside);
    await blockedBy(story.number, elsewhere);
    const pr = fake.state.createPullRequest('acme', 'shop', { title: 'Search prototype', labels: ['search'] });

    const imported = await importCli(['--label', 'search', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(writesOf(imported.requests)).toBe(0);
    expect(imported.stderr).toContain(`left out #${pr.number} (pull request)`);
    expect(imported.stderr).toContain(
      `left out #${outside.number} (dependency outside the imported issues, linked from #${story.number})`,
    );
    expect(imported.stderr).toContain(
      `left out #${elsewhere.number} in acme/infra (dependency in another repository, linked from #${story.number})`,
    );
    const summary = JSON.parse(imported.stdout);
    expect(summary.leftOut).toHaveLength(3);
    expect(summary.out).toBeNull();
    const out = join(dir, 'search.yaml');
    writeFileSync(out, summary.yaml);
    expect(summary.yaml).not.toContain('depends_on');

    const first = await syncCli(fake, out, ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    expect(countByRoute(first.requests)[CREATE]).toBeUndefined();
    expect(first.report.relations.removed).toEqual([]);
    // The links the plan does not hold are still on GitHub.
    expect(fake.state.issue('acme', 'shop', story.number)?.blockedByIds).toEqual([outside.id, elsewhere.id]);
    expect(writesOf((await syncCli(fake, out, ['--pacing', 'off'])).requests)).toBe(0);
  });

  it('gives readable unique ids: duplicate titles get suffixes, titles without Latin letters their number', async () => {
    const epic = await issue({ title: 'Release 2.0' });
    const kids = [];
    for (const title of ['Set up CI', 'Set up CI', 'Set-up CI!', '支払いの改善', 'Ünïcödé ☃ naïve café']) {
      const made = await issue({ title });
      await subIssue(epic.number, made);
      kids.push(made.number);
    }
    const imported = await importCli(['--issue', `#${epic.number}`, '--id', 'release']);
    expect(imported.code, imported.stderr).toBe(0);
    const ids = [...imported.stdout.matchAll(/- id: (\S+) # #(\d+)/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'release-2-0',
      'set-up-ci',
      'set-up-ci-2',
      'set-up-ci-3',
      `issue-${kids[3]}`,
      'unicode-naive-cafe',
    ]);
    expect(imported.stdout).toContain('title: 支払いの改善');
    expect(imported.stdout).toMatch(/^id: release$/m);
  });

  it('types the kinds as their issues are, and says which issue the first sync retypes', async () => {
    const epic = await issue({ title: 'Mobile app', type: 'Feature' });
    const story = await issue({ title: 'Login screen', type: 'Feature' });
    const bug = await issue({ title: 'Crash on start', type: 'Bug' });
    const task = await issue({ title: 'Fix the splash', type: 'Task' });
    const other = await issue({ title: 'Fix the icon', type: 'Task' });
    await subIssue(epic.number, story);
    for (const t of [bug, task, other]) await subIssue(story.number, t);
    const imported = await importCli(['--issue', String(epic.number)]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('types:\n  epic: Feature\n  story: Feature\n');
    expect(imported.stderr).toContain(`#${bug.number} (Bug) is typed otherwise`);
  });

  it("with --project, writes the items' board values; the first sync writes no project value, and adds what is off the board", async () => {
    const epic = await issue({ title: 'Payments' });
    const story = await issue({ title: 'Refunds' });
    const task = await issue({ title: 'Refund ledger' });
    await subIssue(epic.number, story);
    await subIssue(story.number, task);
    const board = fake.projects.find('acme', 1)!;
    for (const [made, values] of [
      [epic, { Priority: 'P0', Status: 'In Progress', 'Target date': '2026-09-30' }],
      [story, { Priority: 'P1', Sprint: 'Sprint 2', Estimate: 5, Notes: 'Needs legal: "yes"' }],
    ] as const) {
      const added = await call(fake, 'POST', '/orgs/acme/projectsV2/1/items', { type: 'Issue', id: made.id });
      expect(added.status).toBe(201);
      const itemId = (added.body as { id: number }).id;
      for (const [field, value] of Object.entries(values)) fake.projects.setValue(board, itemId, field, value);
    }
    const out = join(dir, 'board.yaml');
    const url = 'https://github.com/orgs/acme/projects/1';
    const imported = await importCli(['--issue', String(epic.number), '--project', url, '--out', out]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(writesOf(imported.requests)).toBe(0);
    expect(imported.stderr).toContain(
      `1 imported issue(s) are not on the project (#${task.number}): the first sync adds them`,
    );
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`project:\n  url: ${url}\n`);
    expect(text).toContain('fields: {Status: In Progress, Priority: P0, Target date: 2026-09-30}');
    expect(text).toContain('fields: {Priority: P1, Estimate: 5, Sprint: Sprint 2, Notes: \'Needs legal: "yes"\'}');

    const first = await syncCli(fake, out, ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    expect(countByRoute(first.requests)[CREATE]).toBeUndefined();
    expect(first.report.project?.itemsAdded.map((i) => i.number)).toEqual([task.number]);
    expect(first.report.project?.itemsUpdated).toEqual([]);
    const again = await syncCli(fake, out, ['--pacing', 'off']);
    expect(writesOf(again.requests)).toBe(0);
  });

  it('refuses to overwrite a file without --force (exit 2, nothing read), and overwrites with it', async () => {
    const made = await issue({ title: 'Lonely epic' });
    const out = join(dir, 'plan.yaml');
    writeFileSync(out, 'precious\n');
    const refused = await importCli(['--issue', String(made.number), '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists; pass --force');
    expect(refused.requests).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    const forced = await importCli(['--issue', String(made.number), '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('- id: lonely-epic');
  });

  it('says what is wrong with the selection: none, two kinds, an unknown milestone or issue (exit 2)', async () => {
    expect((await importCli([])).code).toBe(2);
    expect((await importCli(['--label', 'a', '--milestone', 'b'])).code).toBe(2);
    const milestone = await importCli(['--milestone', 'Q9']);
    expect(milestone.code).toBe(2);
    expect(milestone.stderr).toContain('No milestone "Q9" in acme/shop');
    const missing = await importCli(['--issue', '404']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('#404 is not an issue of acme/shop');
    expect((await importCli(['--issue', '1', '--id', 'Not_Valid'])).code).toBe(2);
  });
});

it('the README documents every import flag', () => {
  const readme = readFileSync('README.md', 'utf8');
  expect(readme).toContain('## Importing an existing backlog');
  const reference = readme.slice(readme.indexOf('`planpilot import` flags:'));
  const flags = ['--repo', '--issue', '--label', '--milestone', '--out', '--id', '--force', '--json', '--token'];
  for (const flag of [...flags, '--project', '--project-token', '--api-url', '--max-concurrency', '--pacing']) {
    expect(reference).toContain(flag);
  }
});

describe('sync of an item with issue: N', () => {
  it('stops before any write when the number is not an issue of the repository', async () => {
    const out = join(dir, 'plan.yaml');
    writeFileSync(out, 'version: 1\nid: p\nepics:\n  - id: a\n    title: A\n    issue: 77\n');
    const run = await syncCli(fake, out, ['--pacing', 'off']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"a" records issue #77, which is not an issue of this repository');
    expect(writesOf(run.requests)).toBe(0);
  });

  it('is refused by validate when two items record one issue', async () => {
    const out = join(dir, 'plan.yaml');
    writeFileSync(
      out,
      'version: 1\nid: p\nepics:\n  - id: a\n    title: A\n    issue: 3\n  - id: b\n    title: B\n    issue: 3\n',
    );
    const run = await runCli(['validate', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('issue 3 is also recorded by "a"');
  });
});
