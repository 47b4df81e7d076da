/** Issues: create, read, update, list (with pull requests, as GitHub's listing has them) and issue labels. */
import { GitHubError, validationFailed } from '../errors.js';
import type { IssueRecord, StateReason } from '../records.js';
import { intParam, json, paginate, type RouteContext, type RouteDef } from '../router.js';
import { issueApiUrl, issueEventJson, issueJson, labelJson } from '../serialize.js';
import type { IssuePatch } from '../state.js';

type Body = Record<string, unknown>;

const ISSUES = '/repos/{owner}/{repo}/issues';
const ISSUE = `${ISSUES}/{issue_number}`;

const owner = (ctx: RouteContext) => ctx.repo?.owner.login ?? ctx.params.owner ?? '';
const repoName = (ctx: RouteContext) => ctx.repo?.name ?? ctx.params.repo ?? '';

/** Labels arrive as names or as `{ name }` objects. */
function labelNames(value: unknown): string[] {
  return (value as unknown[]).map((item) =>
    typeof item === 'string' ? item : String((item as { name?: unknown }).name ?? ''),
  );
}

function logins(value: unknown): string[] {
  return (value as unknown[]).map((item) =>
    typeof item === 'string' ? item : String((item as { login?: unknown }).login ?? ''),
  );
}

/** `milestone` is a number, a numeric string, or null. */
function milestoneNumber(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw validationFailed({ value: String(value), resource: 'Issue', field: 'milestone', code: 'invalid' });
}

/** The request body (already schema-checked) as a model patch. */
function issuePatch(body: Body): IssuePatch {
  const patch: IssuePatch = {};
  if (body.title !== undefined && body.title !== null) patch.title = String(body.title);
  if (body.body !== undefined) patch.body = body.body as string | null;
  if (body.labels !== undefined) patch.labels = labelNames(body.labels);
  if (body.assignees !== undefined) patch.assignees = logins(body.assignees);
  else if (body.assignee !== undefined) patch.assignees = body.assignee === null ? [] : [String(body.assignee)];
  if (body.milestone !== undefined) patch.milestone = milestoneNumber(body.milestone);
  if (body.type !== undefined) patch.type = body.type as string | null;
  if (body.state !== undefined) patch.state = body.state as 'open' | 'closed';
  if (body.state_reason !== undefined) patch.stateReason = body.state_reason as StateReason | null;
  return patch;
}

function createIssue(ctx: RouteContext) {
  const patch = issuePatch(ctx.body as Body);
  // GitHub: "Only users with push access can set labels, assignees, milestone and type for new issues. They are
  // silently dropped otherwise."
  if (ctx.repo && !ctx.repo.permissions.push && !ctx.repo.permissions.admin) {
    delete patch.labels;
    delete patch.assignees;
    delete patch.milestone;
    delete patch.type;
  }
  const author = ctx.state.actors.get(ctx.token);
  const issue = ctx.state.createIssue(owner(ctx), repoName(ctx), {
    ...patch,
    title: patch.title ?? '',
    ...(author ? { author } : {}),
  });
  return json(201, issueJson(ctx.ser, issue), { location: issueApiUrl(ctx.ser.base, issue) });
}

function getIssue(ctx: RouteContext) {
  return json(
    200,
    issueJson(ctx.ser, ctx.state.requireIssue(owner(ctx), repoName(ctx), intParam(ctx, 'issue_number'))),
  );
}

function updateIssue(ctx: RouteContext) {
  const issue = ctx.state.updateIssue(owner(ctx), repoName(ctx), intParam(ctx, 'issue_number'), {
    ...issuePatch(ctx.body as Body),
    actor: ctx.state.actors.get(ctx.token) ?? ctx.state.viewer,
  });
  return json(200, issueJson(ctx.ser, issue));
}

/**
 * GET …/issues/{n}/events: the issue's events, oldest first, a page at a time. The fake records closes and reopens
 * (GitHub's `closed` and `reopened` events, with the actor and, as GitHub now sends, the state reason).
 */
function listIssueEvents(ctx: RouteContext) {
  const issue = ctx.state.requireIssue(owner(ctx), repoName(ctx), intParam(ctx, 'issue_number'));
  const page = paginate(ctx, issue.stateEvents);
  return json(
    200,
    page.items.map((event) => issueEventJson(ctx.ser, issue, event)),
    page.headers,
  );
}

/** Filters and sorting of GET /repos/{owner}/{repo}/issues. */
function listIssues(ctx: RouteContext) {
  const q = ctx.query;
  const state = q.state ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) {
    throw validationFailed({ value: state, resource: 'Issue', field: 'state', code: 'invalid' });
  }
  const repo = ctx.repo!;
  const wantedLabels = (q.labels ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const since = q.since ? Date.parse(q.since) : undefined;
  const labelNamesOf = (issue: IssueRecord) =>
    issue.labelIds.map((id) => repo.labels.get(id)?.name.toLowerCase()).filter((name) => name !== undefined);
  let issues = ctx.state.issuesAndPullRequests(owner(ctx), repoName(ctx)).filter((issue) => {
    if (state !== 'all' && issue.state !== state) return false;
    if (wantedLabels.length > 0) {
      const names = labelNamesOf(issue);
      if (!wantedLabels.every((name) => names.includes(name))) return false;
    }
    if (since !== undefined && !Number.isNaN(since) && issue.updatedAt < since) return false;
    if (!matchesOptional(q.milestone, issue.milestone === null ? null : String(issue.milestone))) return false;
    if (!matchesOptional(q.assignee, issue.assignees)) return false;
    if (!matchesOptional(q.type, issue.type)) return false;
    if (q.creator && issue.author.toLowerCase() !== q.creator.toLowerCase()) return false;
    return true;
  });
  const sort = q.sort ?? 'created';
  const sign = (q.direction ?? 'desc') === 'asc' ? 1 : -1;
  const sortKey = (issue: IssueRecord) =>
    sort === 'updated' ? issue.updatedAt : sort === 'comments' ? issue.comments : issue.createdAt;
  issues = [...issues].sort((a, b) => sign * (sortKey(a) - sortKey(b) || a.number - b.number));
  const page = paginate(ctx, issues);
  return json(
    200,
    page.items.map((issue) => issueJson(ctx.ser, issue)),
    page.headers,
  );
}

/** `*` any, `none` unset, otherwise a case-insensitive match. */
function matchesOptional(filter: string | undefined, value: string | string[] | null): boolean {
  if (filter === undefined) return true;
  const values = value === null ? [] : Array.isArray(value) ? value : [value];
  if (filter === '*') return values.length > 0;
  if (filter === 'none') return values.length === 0;
  return values.some((candidate) => candidate.toLowerCase() === filter.toLowerCase());
}

function issueLabels(ctx: RouteContext, issue: IssueRecord) {
  const repo = ctx.repo!;
  return issue.labelIds
    .map((id) => repo.labels.get(id))
    .filter((label) => label !== undefined)
    .map((label) => labelJson(ctx.ser.base, repo.owner.login, repo.name, label));
}

/** POST takes `{ labels: [...] }` or a bare array; PUT replaces the set. */
function bodyLabels(body: unknown): string[] {
  if (Array.isArray(body)) return labelNames(body);
  const labels = (body as Body | undefined)?.labels;
  if (!Array.isArray(labels)) throw new GitHubError(422, 'Invalid request.\n\n"labels" wasn\'t supplied.');
  return labelNames(labels);
}

export const issueRoutes: RouteDef[] = [
  { method: 'GET', path: ISSUES, scope: 'issues', handle: listIssues },
  { method: 'POST', path: ISSUES, scope: 'issues', handle: createIssue },
  { method: 'GET', path: ISSUE, scope: 'issues', handle: getIssue },
  { method: 'PATCH', path: ISSUE, scope: 'issues', handle: updateIssue },
  { method: 'GET', path: `${ISSUE}/events`, scope: 'issues', handle: listIssueEvents },
  {
    method: 'GET',
    path: `${ISSUE}/labels`,
    scope: 'issues',
    handle: (ctx) => {
      const issue = ctx.state.requireIssue(owner(ctx), repoName(ctx), intParam(ctx, 'issue_number'));
      const page = paginate(ctx, issueLabels(ctx, issue));
      return json(200, page.items, page.headers);
    },
  },
  {
    method: 'POST',
    path: `${ISSUE}/labels`,
    scope: 'issues',
    handle: (ctx) => {
      const number = intParam(ctx, 'issue_number');
      const issue = ctx.state.addLabelsToIssue(owner(ctx), repoName(ctx), number, bodyLabels(ctx.body));
      return json(200, issueLabels(ctx, issue));
    },
  },
  {
    method: 'PUT',
    path: `${ISSUE}/labels`,
    scope: 'issues',
    handle: (ctx) => {
      const number = intParam(ctx, 'issue_number');
      const issue = ctx.state.updateIssue(owner(ctx), repoName(ctx), number, { labels: bodyLabels(ctx.body) });
      return json(200, issueLabels(ctx, issue));
    },
  },
  {
    method: 'DELETE',
    path: `${ISSUE}/labels/{name}`,
    scope: 'issues',
    handle: (ctx) => {
      const issue = ctx.state.requireIssue(owner(ctx), repoName(ctx), intParam(ctx, 'issue_number'));
      const label = ctx.state.findLabel(ctx.repo!, ctx.params.name ?? '');
      if (!label || !issue.labelIds.includes(label.id)) throw new GitHubError(404, 'Label does not exist');
      issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
      ctx.state.touch(issue);
      return json(200, issueLabels(ctx, issue));
    },
  },
];
