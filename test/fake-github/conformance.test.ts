/**
 * The fake against GitHub's OpenAPI description (@octokit/openapi): a tour calls every route, then each answer's
 * body is validated against the schema documented for its route and status. Errors with a status the operation
 * does not document are held to GitHub's generic error shapes. Request bodies are checked on the way in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './harness.js';
import { validateAgainstOpenApi, validateComponent, validateRequestBody } from './openapi.js';
import type { IssueRecord } from './records.js';
import { issueRoutes } from './routes/issues.js';
import { metaRoutes } from './routes/meta.js';
import { projectRoutes } from './routes/projects.js';
import { relationRoutes } from './routes/relations.js';
import { repoRoutes } from './routes/repo.js';
import { type FakeGitHub, startFakeGitHub } from './server.js';

let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub({
    recordResponses: true,
    repos: [
      { owner: 'acme', name: 'shop' },
      { owner: 'acme', name: 'closed', hasIssues: false },
    ],
    projects: [
      {
        owner: 'acme',
        number: 1,
        fields: [
          { name: 'Priority', type: 'single_select', options: ['P0', 'P1'] },
          { name: 'Sprint', type: 'iteration', iterations: ['S1'] },
          { name: 'Estimate', type: 'number' },
          { name: 'Target', type: 'date' },
          { name: 'Notes', type: 'text' },
        ],
      },
      { owner: 'octocat', ownerType: 'User', number: 1 },
    ],
  });
  await tour(fake);
});

afterAll(() => fake.close());

/** Every route at least once with success, plus the errors planpilot meets. */
async function tour(f: FakeGitHub): Promise<void> {
  const R = '/repos/acme/shop';
  const get = (path: string) => call(f, 'GET', path);
  await get(R);
  await call(f, 'POST', `${R}/labels`, { name: 'planpilot', color: '0e8a16', description: 'Managed' });
  await call(f, 'POST', `${R}/labels`, { name: 'planpilot' });
  await get(`${R}/labels`);
  await get(`${R}/labels/planpilot`);
  await get(`${R}/labels/missing`);
  await call(f, 'POST', `${R}/milestones`, { title: 'v1', description: 'First', due_on: '2030-01-01T00:00:00Z' });
  await get(`${R}/milestones?state=all`);
  await get(`${R}/milestones/1`);
  await get(`${R}/issue-types`);
  await get('/orgs/acme/issue-types');

  const created = async (title: string, extra: Record<string, unknown> = {}) =>
    (await call(f, 'POST', `${R}/issues`, { title, ...extra })).body as { id: number; number: number };
  const epic = await created('Epic', {
    body: 'b',
    labels: ['planpilot'],
    milestone: 1,
    type: 'Epic',
    assignees: ['hubot'],
  });
  const story = await created('Story', { type: 'Story' });
  const task = await created('Task');
  f.state.createPullRequest('acme', 'shop', { title: 'A pull request' });
  await call(f, 'POST', `${R}/issues`, { title: '' });
  await get(`${R}/issues?state=all&per_page=2`);
  await get(`${R}/issues/${epic.number}`);
  await get(`${R}/issues/999`);
  await call(f, 'PATCH', `${R}/issues/${task.number}`, { state: 'closed', state_reason: 'not_planned' });
  await get(`${R}/issues/${task.number}/events`);
  await get(`${R}/issues/${epic.number}/labels`);
  await call(f, 'POST', `${R}/issues/${story.number}/labels`, { labels: ['story'] });
  await call(f, 'PUT', `${R}/issues/${story.number}/labels`, { labels: ['story', 'planpilot'] });
  await call(f, 'DELETE', `${R}/issues/${story.number}/labels/story`);
  await get('/repos/acme/closed/issues');

  const I = (issue: { number: number }) => `${R}/issues/${issue.number}`;
  await call(f, 'POST', `${I(epic)}/sub_issues`, { sub_issue_id: story.id });
  await call(f, 'POST', `${I(epic)}/sub_issues`, { sub_issue_id: story.id });
  await call(f, 'POST', `${I(story)}/sub_issues`, { sub_issue_id: task.id });
  await get(`${I(epic)}/sub_issues`);
  await get(`${I(story)}/parent`);
  await get(`${I(epic)}/parent`);
  await call(f, 'DELETE', `${I(story)}/sub_issue`, { sub_issue_id: task.id });
  await call(f, 'POST', `${I(story)}/dependencies/blocked_by`, { issue_id: task.id });
  await call(f, 'POST', `${I(story)}/dependencies/blocked_by`, { issue_id: task.id });
  await get(`${I(story)}/dependencies/blocked_by`);
  await get(`${I(task)}/dependencies/blocking`);
  await call(f, 'DELETE', `${I(story)}/dependencies/blocked_by/${task.id}`);

  for (const [P, owner] of [
    ['/orgs/acme/projectsV2', 'acme'],
    ['/users/octocat/projectsV2', 'octocat'],
  ] as const) {
    const project = f.projects.find(owner, 1)!;
    await get(P);
    await get(`${P}/1`);
    await get(`${P}/1/fields`);
    await get(`${P}/1/fields/${project.fields[0]!.id}`);
    const item = (await call(f, 'POST', `${P}/1/items`, { type: 'Issue', id: epic.id })).body as { id: number };
    await call(f, 'POST', `${P}/1/items`, { type: 'Issue', owner: 'acme', repo: 'shop', number: story.number });
    const values = project.fields.flatMap((field): { id: number; value: string | number }[] => {
      if (field.type === 'single_select') return [{ id: field.id, value: field.options[0]!.id }];
      if (field.type === 'iteration') return [{ id: field.id, value: field.iterations[0]!.id }];
      if (field.type === 'number') return [{ id: field.id, value: 2 }];
      if (field.type === 'date') return [{ id: field.id, value: '2030-03-01' }];
      if (field.type === 'text') return [{ id: field.id, value: 'note' }];
      return [];
    });
    await call(f, 'PATCH', `${P}/1/items/${item.id}`, { fields: values });
    await call(f, 'PATCH', `${P}/1/items/${item.id}`, { fields: [{ id: project.fields[0]!.id, value: 'x' }] });
    const all = project.fields.map((field) => field.id).join(',');
    await get(`${P}/1/items?per_page=1&fields=${all}`);
    await get(`${P}/1/items/${item.id}?fields=${all}`);
    await call(f, 'DELETE', `${P}/1/items/${item.id}`);
  }
  await call(f, 'POST', `${R}/labels`, { name: 'to-delete', color: 'aaaaaa' });
  await call(f, 'DELETE', `${R}/labels/to-delete`);
  await get('/meta');
  await get('/rate_limit');
  await get('/nowhere');
  await call(f, 'GET', R, undefined, { token: null });
}

const ROUTES = [...metaRoutes, ...repoRoutes, ...issueRoutes, ...relationRoutes, ...projectRoutes];

describe('OpenAPI conformance', () => {
  it('calls every route with success at least once', () => {
    const succeeded = new Set(fake.requests.filter((r) => r.status < 300).map((r) => r.route));
    const missed = ROUTES.map((route) => `${route.method} ${route.path}`).filter(
      (template) => !succeeded.has(template),
    );
    expect(missed).toEqual([]);
  });

  it('answers bodies valid against the schema for the route and status', () => {
    const problems: string[] = [];
    const undocumented = new Set<string>();
    for (const request of fake.requests) {
      const template = request.route;
      const [method, path] = template.split(' ') as [string, string | undefined];
      let result =
        path === undefined
          ? { valid: false, errors: ['no route'] }
          : validateAgainstOpenApi(method, path, request.status, request.response);
      if (path === undefined || result.errors[0]?.includes('does not document status')) {
        undocumented.add(`${request.status} ${template}`);
        result = validateComponent(request.status === 422 ? 'validation-error' : 'basic-error', request.response);
        const body = request.response as { message?: unknown; documentation_url?: unknown };
        if (typeof body?.message !== 'string' || typeof body.documentation_url !== 'string') {
          result.errors.push('an error without message and documentation_url');
          result.valid = false;
        }
      }
      if (!result.valid) problems.push(`${request.status} ${template}: ${result.errors.slice(0, 3).join('; ')}`);
    }
    expect(problems).toEqual([]);
    // Statuses GitHub answers that its description leaves out; a new one here deserves a look.
    expect([...undocumented].sort()).toEqual([
      '401 GET /repos/{owner}/{repo}',
      '404 unknown',
      '410 GET /repos/{owner}/{repo}/issues',
    ]);
  });

  it('refuses request bodies that break the documented schema with 422', async () => {
    const R = '/repos/acme/shop';
    const issue = fake.state.issues('acme', 'shop')[0] as IssueRecord;
    const I = `${R}/issues/${issue.number}`;
    const item = fake.projects.addItem(fake.projects.find('acme', 1)!, issue);
    const cases: [string, string, unknown][] = [
      ['POST', `${R}/issues`, { title: 'x', labels: [1, 2] }],
      ['PATCH', I, { state: 'gone' }],
      ['POST', `${R}/labels`, { color: 'ffffff' }],
      ['POST', `${R}/milestones`, { title: 'x', state: 'paused' }],
      ['PUT', `${I}/labels`, { labels: 'one' }],
      ['POST', `${I}/sub_issues`, { sub_issue_id: 'seven' }],
      ['DELETE', `${I}/sub_issue`, {}],
      ['POST', `${I}/dependencies/blocked_by`, { issue_number: 3 }],
      ['POST', '/orgs/acme/projectsV2/1/items', { type: 'Draft', id: 1 }],
      ['PATCH', `/orgs/acme/projectsV2/1/items/${item.id}`, { fields: [{ id: 'x', value: 1 }] }],
    ];
    for (const [method, path, body] of cases) {
      const answer = await call(fake, method, path, body);
      expect([method, path, answer.status]).toEqual([method, path, 422]);
      expect((answer.body as { message: string }).message).toMatch(/^Invalid request\.\n\n/);
    }
    // And what the tour sent was valid.
    for (const request of fake.requests.filter((r) => r.method !== 'GET' && r.status < 300)) {
      const [method, path] = request.route.split(' ') as [string, string];
      expect(validateRequestBody(method, path, request.body).errors).toEqual([]);
    }
  });
});
