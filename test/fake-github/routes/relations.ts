/** Sub-issues and issue dependencies. Bodies carry the other issue's integer `id`; paths carry this issue's number. */
import { notFound, unprocessable } from '../errors.js';
import type { IssueRecord } from '../records.js';
import { intParam, json, paginate, type RouteContext, type RouteDef } from '../router.js';
import { issueJson } from '../serialize.js';

const ISSUE = '/repos/{owner}/{repo}/issues/{issue_number}';

/**
 * GitHub assigns each sub-issue a priority slot in its parent; two additions to the same parent that overlap in
 * time race for the same slot and the later one fails (github/github-mcp-server#1842). The server marks a request
 * `overlapping` when another addition to the same parent is still in flight.
 */
export const PRIORITY_TAKEN =
  'An error occurred while adding the sub-issue to the parent issue. Priority has already been taken';

export const subIssueOverlapKey = (ctx: RouteContext): string =>
  `${ctx.params.owner}/${ctx.params.repo}#${ctx.params.issue_number}`.toLowerCase();

function thisIssue(ctx: RouteContext): IssueRecord {
  const repo = ctx.repo!;
  return ctx.state.requireIssue(repo.owner.login, repo.name, intParam(ctx, 'issue_number'));
}

const bodyId = (ctx: RouteContext, field: string): number => (ctx.body as Record<string, number>)[field] ?? 0;

function listed(ctx: RouteContext, issues: IssueRecord[]) {
  const page = paginate(ctx, issues);
  return json(
    200,
    page.items.map((issue) => issueJson(ctx.ser, issue)),
    page.headers,
  );
}

export const relationRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: `${ISSUE}/sub_issues`,
    scope: 'issues',
    capability: 'subIssues',
    handle: (ctx) => {
      const parent = thisIssue(ctx);
      return listed(ctx, ctx.state.subIssuesOf(parent.owner, parent.repo, parent.number));
    },
  },
  {
    method: 'POST',
    path: `${ISSUE}/sub_issues`,
    scope: 'issues',
    capability: 'subIssues',
    overlapKey: subIssueOverlapKey,
    handle: (ctx) => {
      const parent = thisIssue(ctx);
      if (ctx.overlapping) throw unprocessable(PRIORITY_TAKEN);
      const body = ctx.body as { sub_issue_id: number; replace_parent?: boolean };
      const child = ctx.state.linkSubIssue(parent, body.sub_issue_id, body.replace_parent === true);
      return json(201, issueJson(ctx.ser, child));
    },
  },
  {
    method: 'DELETE',
    path: `${ISSUE}/sub_issue`,
    scope: 'issues',
    capability: 'subIssues',
    handle: (ctx) =>
      json(200, issueJson(ctx.ser, ctx.state.unlinkSubIssue(thisIssue(ctx), bodyId(ctx, 'sub_issue_id')))),
  },
  {
    method: 'GET',
    path: `${ISSUE}/parent`,
    scope: 'issues',
    capability: 'subIssues',
    handle: (ctx) => {
      const issue = thisIssue(ctx);
      const parent = ctx.state.parentOf(issue.owner, issue.repo, issue.number);
      if (!parent) throw notFound();
      return json(200, issueJson(ctx.ser, parent));
    },
  },
  {
    method: 'GET',
    path: `${ISSUE}/dependencies/blocked_by`,
    scope: 'issues',
    capability: 'dependencies',
    handle: (ctx) => {
      const issue = thisIssue(ctx);
      return listed(ctx, ctx.state.blockedBy(issue.owner, issue.repo, issue.number));
    },
  },
  {
    method: 'GET',
    path: `${ISSUE}/dependencies/blocking`,
    scope: 'issues',
    capability: 'dependencies',
    handle: (ctx) => {
      const issue = thisIssue(ctx);
      return listed(ctx, ctx.state.blocking(issue.owner, issue.repo, issue.number));
    },
  },
  {
    method: 'POST',
    path: `${ISSUE}/dependencies/blocked_by`,
    scope: 'issues',
    capability: 'dependencies',
    handle: (ctx) => json(201, issueJson(ctx.ser, ctx.state.linkBlockedBy(thisIssue(ctx), bodyId(ctx, 'issue_id')))),
  },
  {
    method: 'DELETE',
    path: `${ISSUE}/dependencies/blocked_by/{issue_id}`,
    scope: 'issues',
    capability: 'dependencies',
    handle: (ctx) =>
      json(200, issueJson(ctx.ser, ctx.state.unlinkBlockedBy(thisIssue(ctx), intParam(ctx, 'issue_id')))),
  },
];
