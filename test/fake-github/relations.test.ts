/** Sub-issues and blocked-by links: GitHub's rules, the issue summaries, and the race on one parent. */
import type { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, octokitFor, outcome } from './harness.js';
import type { IssueRecord } from './records.js';
import { type FakeGitHub, startFakeGitHub } from './server.js';

let fake: FakeGitHub;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'shop' };

beforeAll(async () => {
  fake = await startFakeGitHub();
  octokit = octokitFor(fake);
});

afterAll(() => fake.close());

const issue = (title: string): IssueRecord => fake.state.createIssue('acme', 'shop', { title });

const addSubIssue = (parent: IssueRecord, subIssueId: number, replaceParent?: boolean) =>
  octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
    ...repo,
    issue_number: parent.number,
    sub_issue_id: subIssueId,
    ...(replaceParent === undefined ? {} : { replace_parent: replaceParent }),
  });

describe('sub-issues', () => {
  it('links a child by its id, not its number, and keeps the parent fields on the issue', async () => {
    const epic = issue('Epic');
    const story = issue('Story');
    const byNumber = await outcome(addSubIssue(epic, story.number));
    expect(byNumber.status).toBe(422);

    const added = await addSubIssue(epic, story.id);
    expect(added.status).toBe(201);
    expect(added.data).toMatchObject({
      number: story.number,
      parent_issue_url: `${fake.url}/repos/acme/shop/issues/${epic.number}`,
    });
    const parent = await octokit.rest.issues.get({ ...repo, issue_number: epic.number });
    expect(parent.data).toMatchObject({ sub_issues_summary: { total: 1, completed: 0, percent_completed: 0 } });
    await octokit.rest.issues.update({ ...repo, issue_number: story.number, state: 'closed' });
    const after = await octokit.rest.issues.get({ ...repo, issue_number: epic.number });
    expect(after.data).toMatchObject({ sub_issues_summary: { total: 1, completed: 1, percent_completed: 100 } });

    const listed = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      ...repo,
      issue_number: epic.number,
    });
    expect(listed.data.map((child) => Number(child.id))).toEqual([story.id]);
    expect(fake.state.parentOf('acme', 'shop', story.number)?.number).toBe(epic.number);
  });

  it('allows one parent unless replace_parent, and no cycles', async () => {
    const [a, b, child] = [issue('A'), issue('B'), issue('Child')];
    await addSubIssue(a, child.id);
    const second = await outcome(addSubIssue(b, child.id));
    expect(second).toMatchObject({ status: 422, message: expect.stringContaining('only have one parent') });
    expect((await addSubIssue(b, child.id, true)).status).toBe(201);
    expect(fake.state.issueById(child.id)?.parentId).toBe(b.id);
    expect(fake.state.subIssuesOf('acme', 'shop', a.number)).toEqual([]);

    const cycle = await outcome(addSubIssue(child, b.id));
    expect(cycle).toMatchObject({ status: 422, message: expect.stringContaining('ancestor') });
    expect((await outcome(addSubIssue(b, b.id))).status).toBe(422);
  });

  it('removes a sub-issue with DELETE …/sub_issue and answers 404 for one that is not linked', async () => {
    const [parent, child] = [issue('Parent'), issue('Child')];
    fake.state.addSubIssue('acme', 'shop', parent.number, child.number);
    const path = `/repos/acme/shop/issues/${parent.number}/sub_issue`;
    const removed = await call(fake, 'DELETE', path, { sub_issue_id: child.id });
    expect(removed).toMatchObject({ status: 200, body: { id: child.id } });
    expect(removed.body).not.toHaveProperty('parent_issue_url');
    expect(fake.state.parentOf('acme', 'shop', child.number)).toBeUndefined();
    expect((await call(fake, 'DELETE', path, { sub_issue_id: child.id })).status).toBe(404);
  });

  it('answers 422 "Priority has already been taken" when adds to one parent overlap in time', async () => {
    const parent = issue('Busy parent');
    const children = [issue('c1'), issue('c2'), issue('c3')];
    const results = await Promise.all(children.map((child) => outcome(addSubIssue(parent, child.id))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expect(refused).toMatchObject({
        status: 422,
        message: expect.stringContaining('Priority has already been taken'),
      });
    }
    expect(fake.state.subIssuesOf('acme', 'shop', parent.number)).toHaveLength(1);

    // One after another they all go through, and different parents never collide.
    for (const child of children)
      if (child.parentId === null) expect((await addSubIssue(parent, child.id)).status).toBe(201);
    const others = [issue('p1'), issue('p2'), issue('p3')];
    const kids = [issue('k1'), issue('k2'), issue('k3')];
    const parallel = await Promise.all(others.map((p, i) => outcome(addSubIssue(p, kids[i]!.id))));
    expect(parallel.map((r) => r.status)).toEqual([201, 201, 201]);
  });
});

describe('dependencies', () => {
  it('adds, lists and removes blocked-by links by issue id, with the summary on both issues', async () => {
    const [blocked, blocker] = [issue('Blocked'), issue('Blocker')];
    const path = `/repos/acme/shop/issues/${blocked.number}/dependencies/blocked_by`;
    const added = await call(fake, 'POST', path, { issue_id: blocker.id });
    expect(added).toMatchObject({ status: 201, body: { id: blocker.id } });
    expect((await call(fake, 'POST', path, { issue_id: blocker.id })).status).toBe(422);
    expect((await call(fake, 'POST', path, { issue_id: blocked.id })).status).toBe(422);

    const listed = await call(fake, 'GET', path);
    expect((listed.body as { id: number }[]).map((i) => i.id)).toEqual([blocker.id]);
    const view = await octokit.rest.issues.get({ ...repo, issue_number: blocked.number });
    expect(view.data).toMatchObject({
      issue_dependencies_summary: { blocked_by: 1, total_blocked_by: 1, blocking: 0 },
    });
    const other = await octokit.rest.issues.get({ ...repo, issue_number: blocker.number });
    expect(other.data).toMatchObject({ issue_dependencies_summary: { blocking: 1, total_blocking: 1 } });
    expect(fake.state.blockedBy('acme', 'shop', blocked.number).map((i) => i.number)).toEqual([blocker.number]);

    expect((await call(fake, 'DELETE', `${path}/${blocker.id}`)).status).toBe(200);
    expect(fake.state.issueById(blocked.id)?.blockedByIds).toEqual([]);
    expect((await call(fake, 'DELETE', `${path}/${blocker.id}`)).status).toBe(404);
  });
});

describe('capabilities switched off, as on an older GitHub Enterprise Server', () => {
  it('answers 404 for sub-issues, dependencies, issue types and projects, and leaves their fields out', async () => {
    const old = await startFakeGitHub({
      capabilities: { subIssues: false, dependencies: false, issueTypes: false, projects: false },
      projects: [{ owner: 'acme', number: 1 }],
    });
    try {
      const [a, b] = ['a', 'b'].map((title) => old.state.createIssue('acme', 'shop', { title })) as [
        IssueRecord,
        IssueRecord,
      ];
      const base = `/repos/acme/shop/issues/${a.number}`;
      expect((await call(old, 'POST', `${base}/sub_issues`, { sub_issue_id: b.id })).status).toBe(404);
      expect((await call(old, 'GET', `${base}/sub_issues`)).status).toBe(404);
      expect((await call(old, 'POST', `${base}/dependencies/blocked_by`, { issue_id: b.id })).status).toBe(404);
      expect((await call(old, 'GET', '/repos/acme/shop/issue-types')).status).toBe(404);
      expect((await call(old, 'GET', '/orgs/acme/projectsV2/1')).status).toBe(404);
      const body = (await call(old, 'GET', base)).body as Record<string, unknown>;
      for (const key of ['sub_issues_summary', 'parent_issue_url', 'issue_dependencies_summary', 'type']) {
        expect(body).not.toHaveProperty(key);
      }
      expect(a.parentId).toBeNull();
    } finally {
      await old.close();
    }
  });
});
