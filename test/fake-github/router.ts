/** Route table plumbing: templates, matching, the context handlers get, and GitHub's page-based pagination. */
import { GitHubError } from './errors.js';
import type { ProjectStore } from './projects-state.js';
import type { RepoRecord } from './records.js';
import type { Serializer } from './serialize.js';
import type { FakeState } from './state.js';
import type { Capabilities } from './types.js';

export interface RouteContext {
  method: string;
  /** Pathname without the `/api/v3` prefix. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Repeated query keys (`fields[]=1&fields[]=2`), all values. */
  queryAll: URLSearchParams;
  body: unknown;
  state: FakeState;
  projects: ProjectStore;
  ser: Serializer;
  token: string;
  /** Set for routes with `scope: 'repo'` or `'issues'`. */
  repo?: RepoRecord;
  /** Another request with the same `overlapKey` was in flight when this one arrived. */
  overlapping: boolean;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDef {
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  path: string;
  /** 'repo' resolves {owner}/{repo} (404 when unknown); 'issues' also answers 410 when issues are disabled. */
  scope?: 'repo' | 'issues';
  capability?: keyof Capabilities;
  /** Projects v2 routes: only `projectTokens` may call them. */
  projects?: boolean;
  /** Requests with equal keys that overlap in time mark the later ones `overlapping`. */
  overlapKey?: (ctx: RouteContext) => string;
  handle(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

export interface CompiledRoute extends RouteDef {
  template: string;
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(defs: RouteDef[]): CompiledRoute[] {
  return defs.map((def) => {
    const names: string[] = [];
    const source = def.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...def, template: `${def.method} ${def.path}`, pattern: new RegExp(`^${source}/?$`), names };
  });
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

export function matchRoute(routes: CompiledRoute[], method: string, path: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): RouteResult =>
  headers ? { status, body, headers } : { status, body };

/** A positive integer from a path parameter, or 404 as GitHub answers for `/issues/abc`. */
export function intParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw new GitHubError(404, 'Not Found');
  return Number(raw);
}

/**
 * GitHub's page pagination: `per_page` 1..100 (default 30), `page` from 1, and a Link header with
 * prev/next/last/first in GitHub's order, each URL keeping the caller's other query parameters.
 */
export function paginate<T>(
  ctx: RouteContext,
  items: T[],
  defaultPerPage = 30,
): { items: T[]; headers: Record<string, string> } {
  const perPage = clamp(Number.parseInt(ctx.query.per_page ?? '', 10) || defaultPerPage, 1, 100);
  const page = Math.max(1, Number.parseInt(ctx.query.page ?? '', 10) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string) => {
    const params = new URLSearchParams(ctx.queryAll);
    params.set('page', String(target));
    return `<${ctx.ser.base}${ctx.path}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { items: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/**
 * GitHub's cursor pagination (Projects v2): `per_page` 1..100 (default 30), `after` / `before` cursors, and a Link
 * header with only `next` and `prev`. Cursors are opaque to clients; here they encode a position.
 */
export function paginateByCursor<T>(ctx: RouteContext, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = clamp(Number.parseInt(ctx.query.per_page ?? '', 10) || 30, 1, 100);
  const decode = (cursor: string | undefined) => {
    if (cursor === undefined) return undefined;
    const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!match) throw new GitHubError(422, 'The cursor is invalid.');
    return Number(match[1]);
  };
  const after = decode(ctx.query.after);
  const before = decode(ctx.query.before);
  const end = before ?? items.length;
  const start = after !== undefined ? after + 1 : before !== undefined ? Math.max(0, before - perPage) : 0;
  const stop = Math.min(end, start + perPage);
  const link = (key: 'after' | 'before', position: number, rel: string) => {
    const params = new URLSearchParams(ctx.queryAll);
    params.delete('after');
    params.delete('before');
    params.set(key, Buffer.from(`cursor:${position}`).toString('base64url'));
    return `<${ctx.ser.base}${ctx.path}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (stop < items.length) links.push(link('after', stop - 1, 'next'));
  if (start > 0) links.push(link('before', start, 'prev'));
  return { items: items.slice(start, stop), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
