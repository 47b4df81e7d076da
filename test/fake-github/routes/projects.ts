/**
 * Projects v2 REST routes, the same set under `/orgs/{org}/projectsV2` and `/users/{username}/projectsV2`: the
 * project, its fields, and items (list, add an issue by id or by owner/repo/number, read, set field values, delete).
 */
import { GitHubError, notFound, validationFailed } from '../errors.js';
import type { IssueRecord, ProjectFieldRecord, ProjectRecord } from '../records.js';
import { intParam, json, paginateByCursor, type RouteContext, type RouteDef, type RouteResult } from '../router.js';
import { fieldJson, itemJson, itemSimpleJson, projectJson } from '../serialize-projects.js';

interface Scope {
  prefix: string;
  param: string;
  ownerType: 'Organization' | 'User';
}

const SCOPES: Scope[] = [
  { prefix: '/orgs/{org}/projectsV2', param: 'org', ownerType: 'Organization' },
  { prefix: '/users/{username}/projectsV2', param: 'username', ownerType: 'User' },
];

function project(ctx: RouteContext, scope: Scope): ProjectRecord {
  return ctx.projects.require(ctx.params[scope.param] ?? '', intParam(ctx, 'project_number'), scope.ownerType);
}

/** `fields[]=1&fields[]=2` or `fields=1,2`; without it GitHub reports the Title field only. */
function requestedFields(ctx: RouteContext, target: ProjectRecord): ProjectFieldRecord[] {
  const ids = [...ctx.queryAll.getAll('fields'), ...ctx.queryAll.getAll('fields[]')]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (ids.length === 0) return target.fields.filter((field) => field.type === 'title');
  return ids.map((id) => {
    const field = /^\d+$/.test(id) ? ctx.projects.field(target, Number(id)) : undefined;
    if (!field) throw validationFailed({ resource: 'ProjectV2Field', field: 'fields', code: 'invalid', value: id });
    return field;
  });
}

/** The body is schema-checked already: `{ type, id }` or `{ type, owner, repo, number }`. */
function issueToAdd(ctx: RouteContext): IssueRecord {
  const body = ctx.body as {
    type: 'Issue' | 'PullRequest';
    id?: number;
    owner?: string;
    repo?: string;
    number?: number;
  };
  const issue =
    body.id !== undefined
      ? ctx.state.issueById(body.id)
      : ctx.state.issue(body.owner ?? '', body.repo ?? '', body.number ?? 0);
  if (!issue || issue.pullRequest !== (body.type === 'PullRequest')) {
    throw new GitHubError(404, `Could not resolve to ${body.type === 'PullRequest' ? 'a pull request' : 'an issue'}.`);
  }
  return issue;
}

function routesFor(scope: Scope): RouteDef[] {
  const P = `${scope.prefix}/{project_number}`;
  const def = (method: string, path: string, handle: (ctx: RouteContext) => RouteResult): RouteDef => ({
    method,
    path,
    capability: 'projects',
    projects: true,
    handle,
  });
  return [
    def('GET', scope.prefix, (ctx) => {
      const owner = ctx.params[scope.param] ?? '';
      const known = ctx.state.allRepos().some((repo) => repo.owner.login.toLowerCase() === owner.toLowerCase());
      const owned = ctx.projects.ownedBy(owner).filter((p) => p.owner.type === scope.ownerType);
      if (!known && owned.length === 0) throw notFound();
      const q = (ctx.query.q ?? '').toLowerCase();
      const page = paginateByCursor(
        ctx,
        owned.filter((p) => p.title.toLowerCase().includes(q)),
      );
      return json(
        200,
        page.items.map((p) => projectJson(ctx.ser, p)),
        page.headers,
      );
    }),
    def('GET', P, (ctx) => json(200, projectJson(ctx.ser, project(ctx, scope)))),
    def('GET', `${P}/fields`, (ctx) => {
      const target = project(ctx, scope);
      const page = paginateByCursor(ctx, target.fields);
      return json(
        200,
        page.items.map((field) => fieldJson(ctx.ser, target, field)),
        page.headers,
      );
    }),
    def('GET', `${P}/fields/{field_id}`, (ctx) => {
      const target = project(ctx, scope);
      const field = ctx.projects.field(target, intParam(ctx, 'field_id'));
      if (!field) throw notFound();
      return json(200, fieldJson(ctx.ser, target, field));
    }),
    def('GET', `${P}/items`, (ctx) => {
      const target = project(ctx, scope);
      const fields = requestedFields(ctx, target);
      const page = paginateByCursor(ctx, ctx.projects.items(target));
      return json(
        200,
        page.items.map((item) => itemJson(ctx.ser, target, item, fields)),
        page.headers,
      );
    }),
    def('POST', `${P}/items`, (ctx) => {
      const target = project(ctx, scope);
      const item = ctx.projects.addItem(target, issueToAdd(ctx));
      return json(201, itemSimpleJson(ctx.ser, target, item));
    }),
    def('GET', `${P}/items/{item_id}`, (ctx) => {
      const target = project(ctx, scope);
      const item = ctx.projects.item(target, intParam(ctx, 'item_id'));
      return json(200, itemJson(ctx.ser, target, item, requestedFields(ctx, target)));
    }),
    def('PATCH', `${P}/items/{item_id}`, (ctx) => {
      const target = project(ctx, scope);
      const itemId = intParam(ctx, 'item_id');
      const { fields } = ctx.body as { fields: { id: number; value: string | number | null }[] };
      ctx.projects.updateValues(target, itemId, fields);
      const updated = fields.flatMap((update) => ctx.projects.field(target, update.id) ?? []);
      return json(200, itemJson(ctx.ser, target, ctx.projects.item(target, itemId), updated));
    }),
    def('DELETE', `${P}/items/{item_id}`, (ctx) => {
      ctx.projects.removeItem(project(ctx, scope), intParam(ctx, 'item_id'));
      return { status: 204 };
    }),
  ];
}

export const projectRoutes: RouteDef[] = SCOPES.flatMap(routesFor);
