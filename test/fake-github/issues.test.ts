/** The fake's issues, labels, milestones, issue types and the errors GitHub answers around them. */
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, octokitFor, outcome } from './harness.js';
import { type FakeGitHub, startFakeGitHub } from './server.js';

let fake: FakeGitHub;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'shop' };

beforeAll(async () => {
  fake = await startFakeGitHub({
    users: ['alice'],
    repos: [
      { owner: 'acme', name: 'shop' },
      { owner: 'acme', name: 'closed', hasIssues: false },
      { owner: 'octocat', name: 'notes', ownerType: 'User' },
    ],
  });
  octokit = octokitFor(fake);
});

afterAll(() => fake.close());

describe('issues', () => {
  it('creates, reads and updates an issue, with ids that are never numbers', async () => {
    const created = await octokit.rest.issues.create({
      ...repo,
      title: 'First',
      body: 'line one\r\nline two',
      labels: ['planpilot', 'epic'],
      assignees: ['alice'],
      type: 'Epic',
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${fake.url}/repos/acme/shop/issues/${created.data.number}`);
    expect(created.data).toMatchObject({ title: 'First', state: 'open', body: 'line one\nline two' });
    expect(created.data.id).not.toBe(created.data.number);
    expect(created.data.labels.map((label) => (typeof label === 'string' ? label : label.name))).toEqual([
      'planpilot',
      'epic',
    ]);
    expect(created.data.type?.name).toBe('Epic');
    expect(created.data).toMatchObject({ sub_issues_summary: { total: 0 } });
    // github.com leaves the key out, rather than sending null, on an issue without a parent.
    expect(created.data).not.toHaveProperty('parent_issue_url');

    const number = created.data.number;
    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: number,
      state: 'closed',
      title: 'First!',
    });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed', title: 'First!' });
    const reopened = await octokit.rest.issues.update({ ...repo, issue_number: number, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });

    const record = fake.state.issue('acme', 'shop', number)!;
    expect(record.assignees).toEqual(['alice']);
    expect(fake.state.labels('acme', 'shop').map((label) => label.name)).toEqual(['planpilot', 'epic']);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: number })).data.title).toBe('First!');
  });

  it('lists by label and state, with pull requests, per_page and a Link header', async () => {
    const seeded = fake.state.createIssue('acme', 'shop', {
      title: 'Closed one',
      labels: ['planpilot'],
      state: 'closed',
    });
    for (let i = 0; i < 5; i++)
      fake.state.createIssue('acme', 'shop', { title: `Task ${i}`, labels: ['planpilot', 'task'] });
    fake.state.createPullRequest('acme', 'shop', { title: 'A pull request', labels: ['planpilot'] });

    const open = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: 'planpilot,TASK' });
    expect(open.map((issue) => issue.title).sort()).toEqual(['Task 0', 'Task 1', 'Task 2', 'Task 3', 'Task 4']);

    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: 'planpilot', state: 'all' });
    expect(all.map((issue) => issue.number)).toContain(seeded.number);
    expect(all.filter((issue) => issue.pull_request)).toHaveLength(1);
    expect(all).toHaveLength(8);

    const first = await call(fake, 'GET', '/repos/acme/shop/issues?labels=planpilot&state=all&per_page=3');
    expect(first.body).toHaveLength(3);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('labels=planpilot&state=all&per_page=3&page=2>; rel="next"');
    expect(link).toContain('page=3>; rel="last"');
    const last = await call(fake, 'GET', '/repos/acme/shop/issues?labels=planpilot&state=all&per_page=3&page=3');
    expect(last.body).toHaveLength(2);
    expect(last.headers.get('link')).toContain('rel="first"');
  });

  it('refuses schema-invalid bodies and bad JSON as GitHub does', async () => {
    const missing = await call(fake, 'POST', '/repos/acme/shop/issues', { body: 'no title' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ message: 'Invalid request.\n\n"title" wasn\'t supplied.' });
    const wrongType = await call(fake, 'POST', '/repos/acme/shop/issues', { title: 'x', labels: 'bug' });
    expect(wrongType.status).toBe(422);
    expect((await call(fake, 'POST', '/repos/acme/shop/issues', undefined, { raw: '{oops' })).status).toBe(400);
    const longBody = await call(fake, 'POST', '/repos/acme/shop/issues', { title: 'x', body: 'x'.repeat(65_537) });
    expect(longBody).toMatchObject({ status: 422, body: { message: 'Validation Failed' } });
    const stranger = await outcome(octokit.rest.issues.create({ ...repo, title: 'x', assignees: ['nobody-here'] }));
    expect(stranger.status).toBe(422);
  });
});

describe('labels, milestones and issue types', () => {
  it('answers 422 already_exists for a duplicate label or milestone, case-insensitively', async () => {
    expect((await octokit.rest.issues.createLabel({ ...repo, name: 'Story', color: 'ff0000' })).status).toBe(201);
    const again = await call(fake, 'POST', '/repos/acme/shop/labels', { name: 'story' });
    expect(again).toMatchObject({
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] },
    });
    const milestone = await octokit.rest.issues.createMilestone({
      ...repo,
      title: 'v1',
      due_on: '2030-01-01T00:00:00Z',
    });
    expect(milestone.data.number).toBe(1);
    const duplicate = await call(fake, 'POST', '/repos/acme/shop/milestones', { title: 'V1' });
    expect(duplicate).toMatchObject({ status: 422, body: { errors: [{ code: 'already_exists' }] } });
    const issue = await octokit.rest.issues.create({ ...repo, title: 'In v1', milestone: 1 });
    expect(issue.data.milestone?.title).toBe('v1');
    expect((await outcome(octokit.rest.issues.create({ ...repo, title: 'x', milestone: 9 }))).status).toBe(422);
  });

  it('lists issue types for organisation repositories only', async () => {
    const types = await octokit.request('GET /repos/{owner}/{repo}/issue-types', repo);
    expect((types.data as { name: string }[]).map((type) => type.name)).toEqual([
      'Epic',
      'Story',
      'Task',
      'Bug',
      'Feature',
    ]);
    expect((await call(fake, 'GET', '/repos/octocat/notes/issue-types')).status).toBe(404);
    const unknownType = await call(fake, 'POST', '/repos/acme/shop/issues', { title: 'x', type: 'Chore' });
    expect(unknownType).toMatchObject({ status: 422, body: { errors: [{ field: 'type', code: 'invalid' }] } });
  });
});

describe('answers around the routes', () => {
  it('wants a token, and only a configured one when tokens are set', async () => {
    const none = await call(fake, 'GET', '/repos/acme/shop/issues', undefined, { token: null });
    expect(none).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
    expect((none.body as { documentation_url: string }).documentation_url).toMatch(/^https:\/\/docs\.github\.com/);
    const strict = await startFakeGitHub({ tokens: ['good'] });
    try {
      expect((await call(strict, 'GET', '/repos/acme/shop', undefined, { token: 'bad' })).body).toMatchObject({
        message: 'Bad credentials',
      });
      expect((await call(strict, 'GET', '/repos/acme/shop', undefined, { token: 'good' })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('answers 404 for unknown routes and repositories, 410 where issues are off', async () => {
    const unknown = await call(fake, 'GET', '/repos/acme/shop/wikis');
    expect(unknown).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect((await call(fake, 'GET', '/repos/acme/nope/issues')).status).toBe(404);
    expect((await call(fake, 'GET', '/repos/acme/shop/issues/999')).status).toBe(404);
    expect((await call(fake, 'GET', '/repos/acme/closed/issues')).status).toBe(410);
    expect(fake.requests.at(-1)).toMatchObject({ route: 'GET /repos/{owner}/{repo}/issues', status: 410 });
  });

  it('serves GitHub Enterprise Server paths under /api/v3 with matching URLs', async () => {
    const ghes = octokitFor(fake, { baseUrl: `${fake.url}/api/v3` });
    const issue = await ghes.rest.issues.create({ ...repo, title: 'On GHES' });
    expect(issue.data.url).toBe(`${fake.url}/api/v3/repos/acme/shop/issues/${issue.data.number}`);
    expect(fake.requests.at(-1)?.path).toBe('/repos/acme/shop/issues');
  });
});
