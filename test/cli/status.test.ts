/**
 * `planpilot status` end to end: the built CLI against the fake GitHub, after a sync and a person's work on the
 * issues (closing, assigning, moving a card). Status only reads: no write, a few requests, never one per issue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/status/report.js';
import { call } from '../fake-github/harness.js';
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

async function status(plan: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const from = fake.requests.length;
  const result = await runCli(['status', plan, '--repo', 'acme/shop', ...args], {
    GITHUB_TOKEN: TEST_TOKEN,
    GITHUB_API_URL: fake.url,
    ...env,
  });
  return { ...result, requests: fake.requests.slice(from) };
}

/** What a person does on GitHub, through the fake's REST API. */
async function editIssue(number: number, fields: Record<string, unknown>): Promise<void> {
  const answer = await call(fake, 'PATCH', `/repos/acme/shop/issues/${number}`, fields);
  expect(answer.status).toBe(200);
}

/** SMALL_PLAN with one more task (t4) that no sync has created yet. */
const PLAN_WITH_NEW_TASK = SMALL_PLAN.replace(
  '          - id: t3\n            title: Task three\n',
  '          - id: t3\n            title: Task three\n          - id: t4\n            title: Task four [draft] "quoted"\n',
);

/**
 * A partly done plan, numbered deterministically (one request at a time): e1 #1, s1 #2, s2 #3, t1 #4, t2 #5, t3 #6.
 * t1 is closed as completed, t2 is assigned to alice, t3 is closed as not planned; s2 is blocked by s1 (open); t4
 * is in the plan but not on GitHub.
 */
async function partlyDone(): Promise<string> {
  const first = await syncCli(fake, writePlan(dir, 'plan.yaml', SMALL_PLAN), [
    '--max-concurrency',
    '1',
    '--pacing',
    'off',
  ]);
  expect(first.code, first.stderr).toBe(0);
  const view = viewRepo(fake.state);
  expect([view.e1, view.s1, view.s2, view.t1, view.t2, view.t3].map((v) => v?.number)).toEqual([1, 2, 3, 4, 5, 6]);
  await editIssue(4, { state: 'closed', state_reason: 'completed' });
  await editIssue(5, { assignees: ['alice'] });
  await editIssue(6, { state: 'closed', state_reason: 'not_planned' });
  return writePlan(dir, 'plan.yaml', PLAN_WITH_NEW_TASK);
}

const URL = 'https://github.com/acme/shop/issues';

describe('planpilot status', () => {
  it('prints the tree off a terminal: states, assignees, blockers, roll-ups, links and drift; reads only', async () => {
    const plan = await partlyDone();
    const run = await status(plan);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Plan "small" in acme/shop: 2 of 7 items done, 2 in progress, 1 blocked, 1 to do, 1 not on GitHub yet.',
        '',
        `e1: Epic one · #1 open · 0/2 closed · ${URL}/1`,
        `├─ s1: Story one · #2 open · 1/2 closed · ${URL}/2`,
        `│  ├─ t1: Task one · #4 closed (completed) · ${URL}/4`,
        `│  └─ t2: Task two · #5 open · @alice · ${URL}/5`,
        `└─ s2: Story two · #3 open · blocked by s1 (#2) · 1/2 closed · ${URL}/3`,
        `   ├─ t3: Task three · #6 closed (not_planned) · ${URL}/6`,
        '   └─ t4: Task four [draft] "quoted" · not on GitHub yet',
        '',
        'Drift: planpilot sync would create 1 issue, update 1 issue and add 1 link.',
        '  not on GitHub yet: t4',
        '  ~ #3 s2: body',
        '',
      ].join('\n'),
    );
    // Warnings go to stderr: here, the one a sync gives about an item closed as not planned.
    expect(run.stderr).toContain('warning: #6 ("t3") is closed as not planned');
    // The reads a sync's discovery makes: the labelled issues, and all issues once because t4 has none.
    expect(countByRoute(run.requests)).toEqual({ 'GET /repos/{owner}/{repo}/issues': 2 });
    expect(writesOf(run.requests)).toBe(0);
  });

  it('--format markdown writes a table for a README, a PR comment or a job summary', async () => {
    const plan = await partlyDone();
    const run = await status(plan, ['--format', 'markdown']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        '### planpilot status: `small` in acme/shop',
        '',
        '2 of 7 items done, 2 in progress, 1 blocked, 1 to do, 1 not on GitHub yet.',
        '',
        '| Item | Issue | State | Assignees | Progress |',
        '| --- | --- | --- | --- | --- |',
        `| **Epic one** \`e1\` | [#1](${URL}/1) | open (to do) |  | ░░░░░░░░░░ 0/2 |`,
        `| &emsp;Story one \`s1\` | [#2](${URL}/2) | open (in progress) |  | █████░░░░░ 1/2 |`,
        `| &emsp;&emsp;Task one \`t1\` | [#4](${URL}/4) | closed (completed) |  |  |`,
        `| &emsp;&emsp;Task two \`t2\` | [#5](${URL}/5) | open (in progress) | @alice |  |`,
        `| &emsp;Story two \`s2\` | [#3](${URL}/3) | open, blocked by s1 (#2) |  | █████░░░░░ 1/2 |`,
        `| &emsp;&emsp;Task three \`t3\` | [#6](${URL}/6) | closed (not\\_planned) |  |  |`,
        '| &emsp;&emsp;Task four \\[draft\\] "quoted" `t4` | — | not on GitHub yet |  |  |',
        '',
        '**Drift:** planpilot sync would create 1 issue, update 1 issue and add 1 link.',
        '',
        '- Not on GitHub yet: `t4`',
        '- #3 `s2`: body',
        '',
      ].join('\n'),
    );
    expect(writesOf(run.requests)).toBe(0);
  });

  it('--format mermaid writes a flowchart: hierarchy, dotted blocked-by arrows, classes by state, links', async () => {
    const plan = await partlyDone();
    const run = await status(plan, ['--format', 'mermaid']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'flowchart TD',
        '  n0["#35;1 Epic one · to do · 0/2"]',
        '  n1["#35;2 Story one · in progress · 1/2"]',
        '  n2["#35;3 Story two · blocked · 1/2"]',
        '  n3["#35;4 Task one · done"]',
        '  n4["#35;5 Task two · in progress"]',
        '  n5["#35;6 Task three · done"]',
        // Quotes and brackets in a title cannot end the label or open a shape.
        '  n6["Task four #91;draft#93; #quot;quoted#quot; · not created"]',
        '  n0 --> n1',
        '  n0 --> n2',
        '  n1 --> n3',
        '  n1 --> n4',
        '  n2 --> n5',
        '  n2 --> n6',
        '  n1 -.-> n2',
        '  n3 -.-> n4',
        '  classDef done fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
        '  classDef inProgress fill:#fff8c5,stroke:#9a6700,color:#1f2328',
        '  classDef blocked fill:#ffebe9,stroke:#cf222e,color:#1f2328',
        '  classDef todo fill:#ddf4ff,stroke:#0969da,color:#1f2328',
        '  classDef notCreated fill:#f6f8fa,stroke:#8c959f,color:#59636e,stroke-dasharray:4 3',
        '  class n3,n5 done',
        '  class n1,n4 inProgress',
        '  class n2 blocked',
        '  class n0 todo',
        '  class n6 notCreated',
        ...[1, 2, 3, 4, 5, 6].map((n) => `  click n${n - 1} "${URL}/${n}" _blank`),
        '',
      ].join('\n'),
    );
  });

  it('--json prints the documented StatusReport', async () => {
    const plan = await partlyDone();
    const run = await status(plan, ['--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as StatusReport;
    const item = (id: string) => report.items.find((i) => i.id === id);
    expect(report.items.map((i) => i.id)).toEqual(['e1', 's1', 's2', 't1', 't2', 't3', 't4']);
    expect(item('s2')).toEqual({
      id: 's2',
      kind: 'story',
      title: 'Story two',
      parent: 'e1',
      number: 3,
      url: `${URL}/3`,
      state: 'open',
      stateReason: null,
      assignees: [],
      progress: 'blocked',
      dependsOn: ['s1'],
      blockedBy: ['s1'],
      rollup: { closed: 1, total: 2 },
    });
    expect(item('t2')).toMatchObject({
      assignees: ['alice'],
      progress: 'in progress',
      dependsOn: ['t1'],
      blockedBy: [],
    });
    expect(item('t3')).toMatchObject({ state: 'closed', stateReason: 'not_planned', progress: 'done' });
    expect(item('t4')).toMatchObject({ number: null, url: null, state: 'not created', progress: 'not created' });
    expect(item('t1')).not.toHaveProperty('rollup');
    expect(report.totals).toEqual({ items: 7, done: 2, blocked: 1, inProgress: 2, todo: 1, notCreated: 1 });
    expect(report.drift).toEqual({
      inSync: false,
      toCreate: 1,
      toUpdate: 1,
      linksToAdd: 1,
      linksToRemove: 0,
      labelsToCreate: 0,
      milestonesToCreate: 0,
      notCreated: ['t4'],
      updates: [{ id: 's2', number: 3, changes: ['body'] }],
      orphans: [],
    });
    expect(report).toMatchObject({ plan: 'small', repo: 'acme/shop', exitCode: 0 });
    expect(report.requests).toMatchObject({ total: 2, reads: 2, writes: 0 });
    expect(report.requests.total).toBe(run.requests.length);
  });

  it('a plan in sync says so; an item that left the plan is an orphan', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
    const inSync = await status(plan);
    expect(inSync.code, inSync.stderr).toBe(0);
    expect(inSync.stdout).toContain('\nDrift: GitHub matches the plan: a sync would change nothing.\n');
    // The unchanged re-run's reads: one page of the labelled issues.
    expect(countByRoute(inSync.requests)).toEqual({ 'GET /repos/{owner}/{repo}/issues': 1 });

    const t3 = viewRepo(fake.state).t3!.number;
    const withoutT3 = writePlan(dir, 'without-t3.yaml', SMALL_PLAN.replace(/\n {6}- id: s2[\s\S]*$/, '\n'));
    const run = await status(withoutT3, ['--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(report.drift.orphans).toEqual(
      expect.arrayContaining([{ id: 't3', number: t3, url: `${URL}/${t3}`, state: 'open' }]),
    );
    expect(writesOf(run.requests)).toBe(0);
  });

  it("shows each item's project Status, read in the item listing discovery already makes", async () => {
    const plan = writePlan(
      dir,
      'project.yaml',
      SMALL_PLAN.replace(
        'labels: [roadmap]\n',
        'labels: [roadmap]\nproject:\n  url: https://github.com/orgs/acme/projects/1\n  fields: { Priority: P2 }\n',
      ),
    );
    expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
    const board = fake.projects.find('acme', 1)!;
    const t1 = fake.projects.itemOf(board, fake.state.issue('acme', 'shop', viewRepo(fake.state).t1!.number)!.id)!;
    fake.projects.setValue(board, t1.id, 'Status', 'In Progress');

    const run = await status(plan, ['--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as StatusReport;
    const t1Status = report.items.find((i) => i.id === 't1');
    expect(t1Status).toMatchObject({ projectStatus: 'In Progress', progress: 'in progress' });
    expect(report.items.find((i) => i.id === 't2')).toMatchObject({ projectStatus: null, progress: 'blocked' });
    // A person's Status is not a field this plan owns: no drift.
    expect(report.drift).toMatchObject({ inSync: true, project: { toAdd: 0, toUpdate: 0 } });
    // The reads of an unchanged sync of a plan with a project: the issue list, the fields, the items.
    expect(countByRoute(run.requests)).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/items': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
    });
    expect(writesOf(run.requests)).toBe(0);

    const text = await status(plan);
    expect(text.stdout).toContain(`│  ├─ t1: Task one · #${t1Status?.number} open · Status: In Progress · ${URL}/`);
    const markdown = await status(plan, ['--format', 'markdown']);
    expect(markdown.stdout).toContain('| Item | Issue | State | Assignees | Status | Progress |');
    expect(markdown.stdout).toContain('| open (in progress) |  | In Progress |  |');
  });

  it('reads a 105-item plan in the two pages of the issue list, never a request per issue', async () => {
    expect((await syncCli(fake, 'plans/b105.yaml', ['--pacing', 'off'])).code).toBe(0);
    const numbers = Object.values(viewRepo(fake.state)).map((v) => v.number);
    // A person closes ten issues and assigns five.
    for (const number of numbers.slice(0, 10)) await editIssue(number, { state: 'closed', state_reason: 'completed' });
    for (const number of numbers.slice(10, 15)) await editIssue(number, { assignees: ['bob'] });
    const run = await status('plans/b105.yaml', ['--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(report.items).toHaveLength(105);
    expect(report.totals.done).toBe(10);
    expect(countByRoute(run.requests)).toEqual({ 'GET /repos/{owner}/{repo}/issues': 2 });
    expect(writesOf(run.requests)).toBe(0);
  });

  it('exit codes: 2 for a bad plan or flag, 3 without a token or for an unknown repository', async () => {
    const plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
    const badFormat = await status(plan, ['--format', 'html']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("planpilot: --format must be one of text, markdown, mermaid; got 'html'");
    const both = await status(plan, ['--format', 'markdown', '--json']);
    expect(both.code).toBe(2);
    const badPlan = await status(writePlan(dir, 'bad.yaml', 'version: 1\nid: Bad Id\n'));
    expect(badPlan.code).toBe(2);
    expect(badPlan.stderr).toContain('is not a valid plan; nothing was sent to GitHub.');
    const noToken = await runCli(['status', plan, '--repo', 'acme/shop'], { GITHUB_API_URL: fake.url });
    expect(noToken.code).toBe(3);
    expect(noToken.stderr).toContain('No GitHub token');
    const unknown = await status(plan, ['--repo', 'acme/nothing', '--json']);
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ exitCode: 3 });
    expect(unknown.stderr).toContain('Repository acme/nothing was not found');
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
