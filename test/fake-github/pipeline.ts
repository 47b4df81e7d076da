/**
 * The order GitHub answers a request in: authentication, injected faults, the primary budget, the secondary
 * limits, latency, routing, scope and capability checks, request validation, then the handler.
 */
import type { IncomingMessage } from 'node:http';
import {
  badCredentials,
  GitHubError,
  notFound,
  RATE_LIMIT_DOCS,
  REST_DOCS,
  SECONDARY_LIMIT_DOCS,
  secondaryLimitMessage,
} from './errors.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import type { PrimaryLimit, SecondaryLimits } from './limits.js';
import { documentationUrl, validateRequestBody } from './openapi.js';
import type { ProjectStore } from './projects-state.js';
import type { CompiledRoute, RouteContext, RouteMatch } from './router.js';
import type { FakeState } from './state.js';
import type { FakeGitHubOptions, FakeStats, RecordedRequest } from './types.js';

export interface Pipeline {
  options: FakeGitHubOptions;
  state: FakeState;
  projects: ProjectStore;
  routes: CompiledRoute[];
  faults: FaultInjector;
  primary: PrimaryLimit;
  secondary: SecondaryLimits | undefined;
  stats: FakeStats;
  inflight: number;
  /** In-flight requests by overlap key. */
  overlaps: Map<string, number>;
  nextRequestId: number;
}

export type Outcome =
  | { kind: 'respond'; status: number; body: unknown; headers: Record<string, string> }
  | { kind: 'drop' }
  | { kind: 'timeout' };

export interface RequestInfo {
  req: IncomingMessage;
  method: string;
  path: string;
  url: URL;
  raw: string;
  record: RecordedRequest;
  match: RouteMatch | undefined;
  base: string;
  delay: () => Promise<void>;
}

/**
 * A request with an overlap key stays in flight at least this long, so that two sub-issue adds to one parent sent in
 * parallel collide even when the fake runs without latency, as they do on GitHub.
 */
const OVERLAP_WINDOW_MS = 2;

/** `Authorization: token X` or `Bearer X`. */
function tokenOf(req: IncomingMessage): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
  return match?.[1];
}

const isRateLimitRoute = (info: RequestInfo) => info.method === 'GET' && info.path === '/rate_limit';

/** The answer to a request; a `stall` fault lets the request take effect, then withholds the answer. */
export async function decide(p: Pipeline, info: RequestInfo): Promise<Outcome> {
  const outcome = await answer(p, info);
  return info.record.fault === 'stall' ? { kind: 'timeout' } : outcome;
}

async function answer(p: Pipeline, info: RequestInfo): Promise<Outcome> {
  const requestId = `FAKE:${(p.nextRequestId++).toString(16).toUpperCase()}`;
  const common = (): Record<string, string> => ({
    ...p.primary.headers(),
    'x-github-request-id': requestId,
    'x-github-api-version-selected': '2022-11-28',
  });
  const error = (e: GitHubError, docs = REST_DOCS): Outcome => ({
    kind: 'respond',
    status: e.status,
    body: e.body(docs),
    headers: { ...common(), ...e.extra.headers },
  });

  // Authentication. GET /rate_limit answers without a token, as GitHub's does.
  const token = tokenOf(info.req);
  if (!token && !isRateLimitRoute(info)) return error(new GitHubError(401, 'Requires authentication'));
  if (token && p.options.tokens && !p.options.tokens.includes(token)) return error(badCredentials());

  // Injected faults.
  const template = info.match ? info.match.route.template : `${info.method} ${info.path}`;
  const fault = p.faults.decide(info.method, info.path, template);
  if (fault) {
    p.stats.faultsInjected += 1;
    info.record.fault = fault.kind;
    const outcome = await faultOutcome(p, info, fault, requestId, common, error);
    if (outcome) return outcome;
  }

  // GitHub Enterprise Server has rate limiting off by default: no budget, and GET /rate_limit answers 404.
  if (p.state.enterpriseVersion !== undefined) {
    if (isRateLimitRoute(info)) {
      info.record.route = 'GET /rate_limit';
      await info.delay();
      return error(notFound());
    }
  } else if (isRateLimitRoute(info)) {
    // GET /rate_limit costs nothing and is answered before the budget is checked.
    info.record.route = 'GET /rate_limit';
    await info.delay();
    const core = p.primary.snapshot();
    // Only the core budget is modelled; the others are reported full.
    const full = (limit: number) => ({ limit, remaining: limit, reset: core.reset, used: 0 });
    const resources = { core, search: full(30), graphql: full(5000), integration_manifest: full(5000) };
    return { kind: 'respond', status: 200, body: { resources, rate: core }, headers: common() };
  }

  // Primary budget.
  if (p.state.enterpriseVersion === undefined && !p.primary.take()) {
    p.stats.primaryLimitHits += 1;
    await info.delay();
    const message = `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
    return error(new GitHubError(403, message), RATE_LIMIT_DOCS);
  }

  // Secondary limits, with the github profile.
  if (p.secondary?.admit(info.method, p.inflight)) {
    p.stats.secondaryLimitHits += 1;
    await info.delay();
    const refused = new GitHubError(403, secondaryLimitMessage + requestId, { headers: { 'retry-after': '60' } });
    return error(refused, SECONDARY_LIMIT_DOCS);
  }

  if (!info.match) {
    await info.delay();
    return error(notFound());
  }
  const route = info.match.route;
  const ctx = buildContext(p, info, info.match, token ?? '');

  // Overlap tracking (GitHub's "Priority has already been taken" on concurrent sub-issue adds) spans the latency.
  const overlapKey = route.overlapKey?.(ctx);
  if (overlapKey !== undefined) {
    const active = p.overlaps.get(overlapKey) ?? 0;
    ctx.overlapping = active > 0;
    p.overlaps.set(overlapKey, active + 1);
  }
  try {
    await (overlapKey === undefined ? info.delay() : Promise.all([info.delay(), sleep(OVERLAP_WINDOW_MS)]));
    const refused = admission(p, route, ctx, info.match, token);
    if (refused) return error(refused);
    if (p.options.validateRequests !== false && info.method !== 'GET') {
      if (typeof ctx.body === 'string') return error(new GitHubError(400, 'Problems parsing JSON'));
      const check = validateRequestBody(info.method, route.path, ctx.body);
      if (!check.valid) {
        const documentation = documentationUrl(info.method, route.path) ?? REST_DOCS;
        return error(new GitHubError(422, check.message ?? 'Invalid request.', { documentationUrl: documentation }));
      }
    }
    const result = await route.handle(ctx);
    if (fault?.kind === 'applied-then-502') {
      return { kind: 'respond', status: 502, body: { message: 'Server Error' }, headers: common() };
    }
    return { kind: 'respond', status: result.status, body: result.body, headers: { ...common(), ...result.headers } };
  } catch (caught) {
    if (caught instanceof GitHubError) return error(caught);
    throw caught;
  } finally {
    if (overlapKey !== undefined) {
      const left = (p.overlaps.get(overlapKey) ?? 1) - 1;
      if (left > 0) p.overlaps.set(overlapKey, left);
      else p.overlaps.delete(overlapKey);
    }
  }
}

/** The answer a fault gives, or undefined when the request goes on (`primary-limit`, `applied-then-502`, `stall`). */
async function faultOutcome(
  p: Pipeline,
  info: RequestInfo,
  fault: FaultDecision,
  requestId: string,
  common: () => Record<string, string>,
  error: (e: GitHubError, docs?: string) => Outcome,
): Promise<Outcome | undefined> {
  switch (fault.kind) {
    case 'primary-limit':
      p.primary.set({ remaining: 0 });
      return undefined;
    case 'applied-then-502':
    case 'stall':
      return undefined;
    case 'malformed-200':
      await info.delay();
      return { kind: 'respond', status: 200, body: { message: 'Welcome to the office network' }, headers: common() };
    case 'timeout':
      return { kind: 'timeout' };
    case 'drop':
      await info.delay();
      return { kind: 'drop' };
    case 'secondary-403':
    case 'secondary-429': {
      p.stats.secondaryLimitHits += 1;
      await info.delay();
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      const status = fault.kind === 'secondary-403' ? 403 : 429;
      return error(new GitHubError(status, secondaryLimitMessage + requestId, { headers }), SECONDARY_LIMIT_DOCS);
    }
    default: {
      await info.delay();
      const status = Number(fault.kind.slice('status'.length));
      const message = { 500: 'Internal Server Error', 502: 'Server Error', 503: 'Service Unavailable' }[status];
      return { kind: 'respond', status, body: { message }, headers: common() };
    }
  }
}

/** Scope (repository exists, issues enabled), then capability, then Projects v2 token access. */
function admission(
  p: Pipeline,
  route: CompiledRoute,
  ctx: RouteContext,
  match: RouteMatch,
  token: string | undefined,
): GitHubError | undefined {
  if (route.scope) {
    const repo = p.state.findRepo(match.params.owner ?? '', match.params.repo ?? '');
    if (!repo) return notFound();
    if (route.scope === 'issues' && !repo.hasIssues) return new GitHubError(410, 'Issues are disabled for this repo');
    ctx.repo = repo;
  }
  // An older GitHub Enterprise Server has no such route at all.
  if (route.capability && !p.state.capabilities[route.capability]) return notFound();
  // GITHUB_TOKEN (an installation token) cannot reach Projects v2.
  if (route.projects && p.options.projectTokens && !p.options.projectTokens.includes(token ?? '')) {
    return new GitHubError(403, 'Resource not accessible by integration');
  }
  return undefined;
}

function buildContext(p: Pipeline, info: RequestInfo, match: RouteMatch, token: string): RouteContext {
  return {
    method: info.method,
    path: info.path,
    params: match.params,
    query: Object.fromEntries(info.url.searchParams),
    queryAll: info.url.searchParams,
    body: info.record.body,
    state: p.state,
    projects: p.projects,
    ser: { base: info.base, state: p.state },
    token,
    overlapping: false,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
