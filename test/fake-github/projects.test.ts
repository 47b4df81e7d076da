/** Projects v2 over REST: the project, its fields, and items with field values. */
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, octokitFor, outcome } from './harness.js';
import type { ProjectFieldRecord, ProjectRecord } from './records.js';
import { type FakeGitHub, startFakeGitHub } from './server.js';

let fake: FakeGitHub;
let octokit: Octokit;
let project: ProjectRecord;
const P = '/orgs/acme/projectsV2/1';

beforeAll(async () => {
  fake = await startFakeGitHub({
    projects: [
      {
        owner: 'acme',
        number: 1,
        title: 'Roadmap',
        fields: [
          { name: 'Priority', type: 'single_select', options: ['P0', { name: 'P1', color: 'RED' }] },
          { name: 'Estimate', type: 'number' },
          { name: 'Target', type: 'date' },
          { name: 'Notes', type: 'text' },
          { name: 'Sprint', type: 'iteration', iterations: ['S1', 'S2'], startDate: '2030-01-07', duration: 7 },
        ],
      },
      { owner: 'octocat', ownerType: 'User', title: 'Mine' },
    ],
  });
  octokit = octokitFor(fake);
  project = fake.projects.find('acme', 1)!;
});

afterAll(() => fake.close());

const field = (name: string): ProjectFieldRecord => fake.projects.field(project, name)!;
const newIssue = (title: string) => fake.state.createIssue('acme', 'shop', { title, labels: ['planpilot'] });

describe('projects v2', () => {
  it('answers the project and its fields: built-in ones, Status, and the seeded ones with option ids', async () => {
    const got = await octokit.rest.projects.getForOrg({ org: 'acme', project_number: 1 });
    expect(got.data).toMatchObject({ number: 1, title: 'Roadmap', state: 'open', owner: { login: 'acme' } });

    const fields = await octokit.paginate(octokit.rest.projects.listFieldsForOrg, { org: 'acme', project_number: 1 });
    const names = fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['Title', 'Status', 'Labels', 'Priority', 'Sprint', 'Estimate']));
    const priority = fields.find((f) => f.name === 'Priority')!;
    expect(priority).toMatchObject({ data_type: 'single_select' });
    expect(priority.options?.map((o) => [o.name.raw, o.color])).toEqual([
      ['P0', 'GRAY'],
      ['P1', 'RED'],
    ]);
    expect(priority.options?.[0]?.id).toMatch(/^[0-9a-f]{8}$/);
    const status = fields.find((f) => f.name === 'Status')!;
    expect(status.options?.map((o) => o.name.raw)).toEqual(['Todo', 'In Progress', 'Done']);
    const sprint = fields.find((f) => f.name === 'Sprint')!;
    expect(sprint.configuration?.iterations?.map((i) => [i.title.raw, i.start_date])).toEqual([
      ['S1', '2030-01-07'],
      ['S2', '2030-01-14'],
    ]);
    const one = await call(fake, 'GET', `${P}/fields/${priority.id}`);
    expect(one).toMatchObject({ status: 200, body: { name: 'Priority' } });
  });

  it('adds an issue by id or by owner/repo/number, once', async () => {
    const issue = newIssue('Add me');
    const added = await octokit.rest.projects.addItemForOrg({
      org: 'acme',
      project_number: 1,
      type: 'Issue',
      id: issue.id,
    });
    expect(added.status).toBe(201);
    expect(added.data).toMatchObject({ content_type: 'Issue', content: { id: issue.id, number: issue.number } });
    const again = await call(fake, 'POST', `${P}/items`, {
      type: 'Issue',
      owner: 'acme',
      repo: 'shop',
      number: issue.number,
    });
    expect(again.body).toMatchObject({ id: added.data.id });
    expect(fake.projects.items(project).filter((item) => item.issueId === issue.id)).toHaveLength(1);

    expect((await call(fake, 'POST', `${P}/items`, { type: 'Issue', id: issue.number })).status).toBe(404);
    expect((await call(fake, 'POST', `${P}/items`, { type: 'Issue' })).status).toBe(422);
    expect((await call(fake, 'POST', `${P}/items`, { type: 'Issue', id: issue.id, extra: 1 })).status).toBe(422);
  });

  it('updates field values by field id and option or iteration id, and clears them with null', async () => {
    const issue = newIssue('Valued');
    const item = fake.projects.addItem(project, issue);
    const update = (fields: { id: number; value: string | number | null }[]) =>
      call(fake, 'PATCH', `${P}/items/${item.id}`, { fields });
    const p1 = field('Priority').options[1]!;
    const s2 = field('Sprint').iterations[1]!;
    const answer = await update([
      { id: field('Priority').id, value: p1.id },
      { id: field('Sprint').id, value: s2.id },
      { id: field('Estimate').id, value: 3.5 },
      { id: field('Target').id, value: '2030-02-01' },
      { id: field('Notes').id, value: 'hello' },
    ]);
    expect(answer.status).toBe(200);
    const values = (answer.body as { fields: { name: string; value: unknown }[] }).fields;
    expect(values.find((v) => v.name === 'Priority')?.value).toMatchObject({ id: p1.id, name: { raw: 'P1' } });
    expect(values.find((v) => v.name === 'Sprint')?.value).toMatchObject({ id: s2.id, title: { raw: 'S2' } });
    expect(fake.projects.readValues(project, item)).toEqual({
      Priority: 'P1',
      Estimate: 3.5,
      Target: '2030-02-01',
      Notes: 'hello',
      Sprint: 'S2',
    });

    const refused = await update([
      { id: field('Notes').id, value: 'not applied' },
      { id: field('Priority').id, value: 'P1' },
    ]);
    expect(refused).toMatchObject({ status: 422, body: { message: 'Validation Failed', errors: [{ index: 1 }] } });
    expect(fake.projects.readValues(project, item).Notes).toBe('hello');
    expect((await update([{ id: field('Title').id, value: 'x' }])).status).toBe(422);
    expect((await update([{ id: 1, value: 'x' }])).status).toBe(422);
    expect((await update([{ id: field('Estimate').id, value: 'many' }])).status).toBe(422);
    expect((await call(fake, 'PATCH', `${P}/items/${item.id}`, { fields: [{ id: field('Notes').id }] })).status).toBe(
      422,
    );

    await update([{ id: field('Notes').id, value: null }]);
    expect(fake.projects.readValues(project, item)).not.toHaveProperty('Notes');
    expect((await call(fake, 'PATCH', `${P}/items/999`, { fields: [] })).status).toBe(404);
  });

  it('lists items with cursor pagination, the Title field by default and named fields on request', async () => {
    const issues = ['i1', 'i2', 'i3'].map(newIssue);
    for (const issue of issues) {
      const item = fake.projects.addItem(project, issue);
      fake.projects.setValue(project, item.id, 'Priority', 'P0');
    }
    const first = await call(fake, 'GET', `${P}/items?per_page=2`);
    const link = first.headers.get('link') ?? '';
    expect(link).toMatch(/<[^>]*[?&]after=[^>]+>; rel="next"/);
    const firstItem = (first.body as { fields: { data_type: string; value: { raw: string } }[] }[])[0]!;
    expect(firstItem.fields.map((f) => f.data_type)).toEqual(['title']);

    const all = await octokit.paginate(octokit.rest.projects.listItemsForOrg, {
      org: 'acme',
      project_number: 1,
      per_page: 2,
      fields: [String(field('Priority').id), String(field('Labels').id)],
    });
    expect(all).toHaveLength(fake.projects.items(project).length);
    const last = all.at(-1)!;
    expect(last.content).toMatchObject({ id: issues[2]!.id });
    expect(last.fields?.map((f) => f.name)).toEqual(['Priority', 'Labels']);
    expect(last.fields?.[0]?.value).toMatchObject({ name: { raw: 'P0' } });
    expect(last.fields?.[1]?.value).toMatchObject([{ name: 'planpilot' }]);
  });

  it('deletes an item with 204', async () => {
    const item = fake.projects.addItem(project, newIssue('Gone'));
    const deleted = await octokit.rest.projects.deleteItemForOrg({ org: 'acme', project_number: 1, item_id: item.id });
    expect(deleted.status).toBe(204);
    expect(project.items.has(item.id)).toBe(false);
    expect((await call(fake, 'DELETE', `${P}/items/${item.id}`)).status).toBe(404);
  });

  it('serves user-owned projects under /users and answers 404 across owner kinds', async () => {
    const mine = await call(fake, 'GET', '/users/octocat/projectsV2/1');
    expect(mine).toMatchObject({ status: 200, body: { title: 'Mine', owner: { login: 'octocat', type: 'User' } } });
    expect((await call(fake, 'GET', '/orgs/octocat/projectsV2/1')).status).toBe(404);
    expect((await call(fake, 'GET', '/users/acme/projectsV2/1')).status).toBe(404);
    expect((await call(fake, 'GET', '/orgs/acme/projectsV2/7')).status).toBe(404);
    const listed = await call(fake, 'GET', '/orgs/acme/projectsV2?q=road');
    expect((listed.body as { title: string }[]).map((p) => p.title)).toEqual(['Roadmap']);
  });

  it('refuses Projects v2 to tokens not in projectTokens, as GITHUB_TOKEN is refused', async () => {
    const limited = await startFakeGitHub({ projectTokens: ['pat'], projects: [{ owner: 'acme', number: 1 }] });
    try {
      const refused = await outcome(octokitFor(limited).rest.projects.getForOrg({ org: 'acme', project_number: 1 }));
      expect(refused).toMatchObject({ status: 403, message: 'Resource not accessible by integration' });
      expect((await call(limited, 'GET', P, undefined, { token: 'pat' })).status).toBe(200);
      expect((await call(limited, 'GET', '/repos/acme/shop')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
