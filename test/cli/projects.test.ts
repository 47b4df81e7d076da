/** Projects v2 end to end: the built CLI against the fake GitHub's project board. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGitHub, ProjectRecord } from '../fake-github/server.js';
import { startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { countByRoute, viewRepo, writesOf } from '../helpers/github-view.js';
import { syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

const PROJECT_TOKEN = 'github_pat_projectsOnly0000000000000000000000';

const BOARD_PLAN = `version: 1
id: board
project:
  url: https://github.com/orgs/acme/projects/1
  fields: { status: todo }
  estimate_field: estimate
epics:
  - id: e1
    title: Epic one
    fields: { Priority: p1, Target date: 2026-09-30, Sprint: '@current', Notes: Launch first }
    stories:
      - id: s1
        title: Story one
        tasks:
          - id: t1
            title: Task one
            estimate: 3
          - id: t2
            title: Task two
            fields: { Status: In Progress, Sprint: Sprint 2 }
            estimate: 5
`;

let fake: FakeGitHub;
let board: ProjectRecord;
let dir: string;
let plan: string;

async function start(options: Parameters<typeof startFakeGitHub>[0] = {}) {
  fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT], ...options });
  board = fake.projects.find('acme', 1)!;
}

beforeEach(async () => {
  await start();
  dir = tempDir();
  plan = writePlan(dir, 'plan.yaml', BOARD_PLAN);
});
afterEach(async () => {
  await fake.close();
});

/** An item's project values as a person reads them, by plan item id. */
function valuesOf(itemId: string) {
  const number = viewRepo(fake.state)[itemId]?.number;
  const issue = number === undefined ? undefined : fake.state.issue('acme', 'shop', number);
  const item = issue ? fake.projects.itemOf(board, issue.id) : undefined;
  return item ? fake.projects.readValues(board, item) : undefined;
}
const projectRoutes = (requests: { route: string }[]) => requests.filter((r) => r.route.includes('/projectsV2/'));

describe('Projects v2', () => {
  it('adds each issue once, sets the values the plan names, and a re-run writes nothing', async () => {
    const first = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(first.code, first.stderr).toBe(0);
    expect(fake.projects.items(board)).toHaveLength(4);
    expect(valuesOf('e1')).toEqual({
      Status: 'Todo',
      Priority: 'P1',
      'Target date': '2026-09-30',
      Sprint: 'Sprint 1',
      Notes: 'Launch first',
    });
    expect(valuesOf('s1')).toEqual({ Status: 'Todo' });
    expect(valuesOf('t1')).toEqual({ Status: 'Todo', Estimate: 3 });
    expect(valuesOf('t2')).toEqual({ Status: 'In Progress', Sprint: 'Sprint 2', Estimate: 5 });
    expect(countByRoute(projectRoutes(first.requests))).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'PATCH /orgs/{org}/projectsV2/{project_number}/items/{item_id}': 4,
      'POST /orgs/{org}/projectsV2/{project_number}/items': 4,
    });
    expect(first.report.project?.itemsAdded.map((i) => i.id)).toEqual(['e1', 's1', 't1', 't2']);
    expect(first.report.project?.itemsUpdated.find((i) => i.id === 't2')?.fields).toEqual({
      Status: 'In Progress',
      Sprint: 'Sprint 2',
      Estimate: 5,
    });
    expect(first.stderr).toContain('+ added #');
    expect(first.report.cost.requests.total).toBe(first.requests.length);

    const again = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(again.code, again.stderr).toBe(0);
    expect(writesOf(again.requests)).toBe(0);
    expect(countByRoute(again.requests)).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/items': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
    });
    expect(again.report.project).toEqual({
      url: 'https://github.com/orgs/acme/projects/1',
      itemsAdded: [],
      itemsUpdated: [],
      failed: [],
    });
    expect(fake.projects.items(board)).toHaveLength(4);
  });

  it("puts back a person's change to a plan-owned field and keeps their change to any other field", async () => {
    expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
    const t1 = fake.projects.itemOf(board, fake.state.issue('acme', 'shop', viewRepo(fake.state).t1!.number)!.id)!;
    fake.projects.setValue(board, t1.id, 'Status', 'Done');
    fake.projects.setValue(board, t1.id, 'Notes', 'Blocked on legal');
    fake.projects.setValue(board, t1.id, 'Priority', 'P3');

    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code, run.stderr).toBe(0);
    expect(countByRoute(run.requests)).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/items': 1,
      'GET /rate_limit': 1,
      'GET /repos/{owner}/{repo}': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
      'PATCH /orgs/{org}/projectsV2/{project_number}/items/{item_id}': 1,
    });
    const status = fake.projects.field(board, 'Status')!;
    const todo = status.options.find((o) => o.name === 'Todo')!;
    expect(run.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      fields: [{ id: status.id, value: todo.id }],
    });
    expect(valuesOf('t1')).toEqual({ Status: 'Todo', Estimate: 3, Notes: 'Blocked on legal', Priority: 'P3' });
    expect(run.report.project?.itemsUpdated).toEqual([
      { id: 't1', number: viewRepo(fake.state).t1!.number, fields: { Status: 'Todo' } },
    ]);
    expect(run.report.cost.requests.total).toBe(run.requests.length);
  });

  it('adds an existing issue that a person took off the board', async () => {
    expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
    const s1 = fake.projects.itemOf(board, fake.state.issue('acme', 'shop', viewRepo(fake.state).s1!.number)!.id)!;
    fake.projects.removeItem(board, s1.id);
    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code, run.stderr).toBe(0);
    expect(countByRoute(projectRoutes(run.requests))).toEqual({
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/items': 1,
      'PATCH /orgs/{org}/projectsV2/{project_number}/items/{item_id}': 1,
      'POST /orgs/{org}/projectsV2/{project_number}/items': 1,
    });
    expect(valuesOf('s1')).toEqual({ Status: 'Todo' });
  });

  it('an unknown option or field stops the run with exit 2 before any write, naming the valid ones', async () => {
    writePlan(
      dir,
      'plan.yaml',
      BOARD_PLAN.replace('Priority: p1', 'Priority: P9').replace('Notes: Launch first', 'Colour: red'),
    );
    for (const args of [[], ['--dry-run']]) {
      const run = await syncCli(fake, plan, ['--pacing', 'off', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('"P9" is not an option of "Priority"; its options: "P0", "P1", "P2", "P3"');
      expect(run.stderr).toContain('the project has no field "Colour"; its fields: "Status", ');
      expect(run.stderr).toContain('"Notes"');
      expect(run.stderr).toContain('nothing was changed on GitHub');
    }
    expect(writesOf(fake.requests)).toBe(0);
  });

  it('uses --project-token (or PLANPILOT_PROJECT_TOKEN) for the project calls only', async () => {
    await fake.close();
    await start({ projectTokens: [PROJECT_TOKEN] });
    const viaFlag = await syncCli(fake, plan, ['--pacing', 'off', '--project-token', PROJECT_TOKEN]);
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(fake.projects.items(board)).toHaveLength(4);
    expect(viaFlag.report.requests.total).toBe(viaFlag.requests.length);
    expect(`${viaFlag.stdout}${viaFlag.stderr}`).not.toContain(PROJECT_TOKEN);

    fake.projects.setValue(board, fake.projects.items(board)[0]!.id, 'Status', 'Done');
    const viaEnv = await syncCli(fake, plan, ['--pacing', 'off'], { PLANPILOT_PROJECT_TOKEN: PROJECT_TOKEN });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(viaEnv.report.project?.itemsUpdated).toHaveLength(1);
  });

  it('says the token cannot reach the project, and what to use instead, before any write', async () => {
    await fake.close();
    await start({ projectTokens: [PROJECT_TOKEN] });
    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'The token cannot reach project https://github.com/orgs/acme/projects/1 (403 Resource not accessible by integration)',
    );
    expect(run.stderr).toContain("the workflow's GITHUB_TOKEN cannot reach Projects v2");
    // An organisation's project: a fine-grained PAT with the organisation's Projects permission, or an App.
    expect(run.stderr).toContain('"Projects: read and write" permission, or a GitHub App installation token');
    expect(run.stderr).toContain('--project-token');
    expect(run.stderr).not.toContain(TEST_TOKEN);
    expect(writesOf(fake.requests)).toBe(0);
  });

  it('a project number that does not exist is named as such, with the projects there are, not blamed on the token', async () => {
    const wrong = writePlan(dir, 'wrong.yaml', BOARD_PLAN.replace('/projects/1', '/projects/99'));
    const run = await syncCli(fake, wrong, ['--pacing', 'off']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('acme has no project number 99 that this token can see');
    expect(run.stderr).toContain('its projects are 1 "Roadmap"');
    expect(run.stderr).not.toContain('The token cannot reach project');
    expect(writesOf(fake.requests)).toBe(0);
  });

  it("one item's failed project update is reported, the rest goes on (exit 1), and a re-run finishes it", async () => {
    expect((await syncCli(fake, plan, ['--pacing', 'off'])).code).toBe(0);
    const itemOf = (id: string) =>
      fake.projects.itemOf(board, fake.state.issue('acme', 'shop', viewRepo(fake.state)[id]!.number)!.id)!;
    fake.projects.setValue(board, itemOf('t1').id, 'Status', 'Done');
    fake.projects.setValue(board, itemOf('s1').id, 'Status', 'Done');
    fake.setFaults([{ kind: 'status500', method: 'PATCH', route: new RegExp(`/items/${itemOf('t1').id}$`) }]);
    const run = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(run.code).toBe(1);
    expect(run.report.project?.failed).toEqual([
      { id: 't1', number: viewRepo(fake.state).t1!.number, error: expect.stringMatching(/500/) },
    ]);
    expect(run.report.project?.itemsUpdated.map((i) => i.id)).toEqual(['s1']);
    expect(run.stderr).toContain('! project update failed');
    expect(valuesOf('s1')).toEqual({ Status: 'Todo' });

    fake.setFaults([]);
    const again = await syncCli(fake, plan, ['--pacing', 'off']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.report.project?.itemsUpdated.map((i) => i.id)).toEqual(['t1']);
    expect(valuesOf('t1')).toEqual({ Status: 'Todo', Estimate: 3 });
  });

  it('a dry run reports what it would add and set, and writes nothing', async () => {
    const run = await syncCli(fake, plan, ['--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    expect(writesOf(run.requests)).toBe(0);
    expect(run.report.project?.itemsAdded).toHaveLength(4);
    expect(run.report.project?.itemsUpdated.find((i) => i.id === 'e1')?.fields).toEqual({
      Status: 'Todo',
      Priority: 'P1',
      'Target date': '2026-09-30',
      Sprint: 'Sprint 1',
      Notes: 'Launch first',
    });
    expect(run.stderr).toContain('+ add e1 to the project (Status: Todo, Priority: P1,');
  });
});
