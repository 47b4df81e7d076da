/** The repository, its labels, milestones and issue types. */
import { notFound } from '../errors.js';
import { json, paginate, type RouteContext, type RouteDef } from '../router.js';
import { issueTypeJson, labelJson, milestoneJson } from '../serialize.js';
import { repoJson } from '../serialize-repo.js';

const REPO = '/repos/{owner}/{repo}';

const names = (ctx: RouteContext): [string, string] => [ctx.repo!.owner.login, ctx.repo!.name];

function listLabels(ctx: RouteContext) {
  const [owner, repo] = names(ctx);
  const page = paginate(ctx, ctx.state.labels(owner, repo));
  return json(
    200,
    page.items.map((label) => labelJson(ctx.ser.base, owner, repo, label)),
    page.headers,
  );
}

function createLabel(ctx: RouteContext) {
  const [owner, repo] = names(ctx);
  const body = ctx.body as { name: string; color?: string; description?: string };
  const label = ctx.state.createLabel(owner, repo, body);
  return json(201, labelJson(ctx.ser.base, owner, repo, label));
}

/** Deleting a label takes it off every issue too, as GitHub does (204). */
function deleteLabel(ctx: RouteContext) {
  const repo = ctx.repo!;
  const label = ctx.state.findLabel(repo, ctx.params.name ?? '');
  if (!label) throw notFound();
  repo.labels.delete(label.id);
  for (const issue of repo.issues.values()) {
    if (issue.labelIds.includes(label.id)) {
      issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
      ctx.state.touch(issue);
    }
  }
  return { status: 204 };
}

function getLabel(ctx: RouteContext) {
  const [owner, repo] = names(ctx);
  const label = ctx.state.findLabel(ctx.repo!, ctx.params.name ?? '');
  if (!label) throw notFound();
  return json(200, labelJson(ctx.ser.base, owner, repo, label));
}

/** `state` open (default), closed or all; `sort` due_on (default) or completeness; `direction` asc (default). */
function listMilestones(ctx: RouteContext) {
  const [owner, repo] = names(ctx);
  const state = ctx.query.state ?? 'open';
  const sign = (ctx.query.direction ?? 'asc') === 'desc' ? -1 : 1;
  const milestones = ctx.state
    .milestones(owner, repo)
    .filter((milestone) => state === 'all' || milestone.state === state)
    .sort(
      (a, b) =>
        sign * ((a.dueOn ?? Number.MAX_SAFE_INTEGER) - (b.dueOn ?? Number.MAX_SAFE_INTEGER) || a.number - b.number),
    );
  const page = paginate(ctx, milestones);
  return json(
    200,
    page.items.map((milestone) => milestoneJson(ctx.ser, ctx.repo!, milestone)),
    page.headers,
  );
}

function createMilestone(ctx: RouteContext) {
  const [owner, repo] = names(ctx);
  const body = ctx.body as { title: string; state?: 'open' | 'closed'; description?: string; due_on?: string };
  const milestone = ctx.state.createMilestone(owner, repo, {
    title: body.title,
    state: body.state,
    description: body.description,
    dueOn: body.due_on,
  });
  return json(201, milestoneJson(ctx.ser, ctx.repo!, milestone));
}

function getMilestone(ctx: RouteContext) {
  const milestone = ctx.repo!.milestones.get(Number(ctx.params.milestone_number));
  if (!milestone) throw notFound();
  return json(200, milestoneJson(ctx.ser, ctx.repo!, milestone));
}

/** User-owned repositories have no issue types: GitHub answers 404. */
function repoIssueTypes(ctx: RouteContext) {
  if (ctx.repo!.owner.type !== 'Organization') throw notFound();
  const [owner, repo] = names(ctx);
  return json(200, ctx.state.issueTypes(owner, repo).map(issueTypeJson));
}

function orgIssueTypes(ctx: RouteContext) {
  const repo = ctx.state.allRepos().find((r) => r.owner.login.toLowerCase() === (ctx.params.org ?? '').toLowerCase());
  if (repo?.owner.type !== 'Organization') throw notFound();
  return json(200, ctx.state.issueTypes(repo.owner.login, repo.name).map(issueTypeJson));
}

export const repoRoutes: RouteDef[] = [
  { method: 'GET', path: REPO, scope: 'repo', handle: (ctx) => json(200, repoJson(ctx.ser.base, ctx.repo!)) },
  { method: 'GET', path: `${REPO}/labels`, scope: 'repo', handle: listLabels },
  { method: 'POST', path: `${REPO}/labels`, scope: 'repo', handle: createLabel },
  { method: 'GET', path: `${REPO}/labels/{name}`, scope: 'repo', handle: getLabel },
  { method: 'DELETE', path: `${REPO}/labels/{name}`, scope: 'repo', handle: deleteLabel },
  { method: 'GET', path: `${REPO}/milestones`, scope: 'repo', handle: listMilestones },
  { method: 'POST', path: `${REPO}/milestones`, scope: 'repo', handle: createMilestone },
  { method: 'GET', path: `${REPO}/milestones/{milestone_number}`, scope: 'repo', handle: getMilestone },
  { method: 'GET', path: `${REPO}/issue-types`, scope: 'repo', capability: 'issueTypes', handle: repoIssueTypes },
  { method: 'GET', path: '/orgs/{org}/issue-types', capability: 'issueTypes', handle: orgIssueTypes },
];
