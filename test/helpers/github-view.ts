/**
 * What a person sees on GitHub, read straight from the fake's state and keyed by item id (issue numbers depend on
 * the order of parallel creates, so two runs are compared by item, not by number).
 */
import type { FakeState } from '../fake-github/server.js';

export interface IssueView {
  number: number;
  plan: string;
  title: string;
  state: string;
  stateReason: string | null;
  labels: string[];
  milestone: string | null;
  type: string | null;
  assignees: string[];
  /** Parent's item id, or `#N` when the parent is not a managed issue. */
  parent: string | null;
  blockedBy: string[];
  /** The body with issue numbers replaced by item ids, so it compares across runs. */
  body: string;
}

const MARKER = /<!-- planpilot:begin plan=([a-z0-9-]+) item=([A-Za-z0-9._-]+) hash=[0-9a-f]+ -->/;

export function markerOf(body: string | null): { plan: string; item: string } | undefined {
  const match = MARKER.exec(body ?? '');
  return match ? { plan: match[1]!, item: match[2]! } : undefined;
}

/** Managed issues of the repository by item id (`plan/item` when `allPlans`). */
export function viewRepo(
  state: FakeState,
  owner = 'acme',
  repo = 'shop',
  options: { plan?: string; openOnly?: boolean } = {},
): Record<string, IssueView> {
  const issues = state.issues(owner, repo);
  const byId = new Map(issues.map((issue) => [issue.id, issue]));
  const itemOf = (id: number | null): string | null => {
    if (id === null) return null;
    const issue = byId.get(id);
    const marker = markerOf(issue?.body ?? null);
    return marker ? marker.item : `#${issue?.number ?? '?'}`;
  };
  const labelNames = new Map(state.labels(owner, repo).map((label) => [label.id, label.name]));
  const milestoneTitles = new Map(state.milestones(owner, repo).map((m) => [m.number, m.title]));
  const numberToItem = new Map<number, string>();
  for (const issue of issues) {
    const marker = markerOf(issue.body);
    if (marker && !(options.openOnly && issue.state !== 'open')) numberToItem.set(issue.number, marker.item);
  }
  const view: Record<string, IssueView> = {};
  for (const issue of issues) {
    const marker = markerOf(issue.body);
    if (!marker || (options.plan && marker.plan !== options.plan)) continue;
    if (options.openOnly && issue.state !== 'open') continue;
    view[marker.item] = {
      number: issue.number,
      plan: marker.plan,
      title: issue.title,
      state: issue.state,
      stateReason: issue.stateReason,
      labels: issue.labelIds.map((id) => labelNames.get(id) ?? `?${id}`).sort(),
      milestone: issue.milestone === null ? null : (milestoneTitles.get(issue.milestone) ?? null),
      type: issue.type,
      assignees: [...issue.assignees].sort(),
      parent: itemOf(issue.parentId),
      blockedBy: issue.blockedByIds.map((id) => itemOf(id) ?? '?').sort(),
      body: (issue.body ?? '')
        .replace(/hash=[0-9a-f]+/, 'hash=…')
        .replace(/#(\d+)/g, (_, n: string) => `#${numberToItem.get(Number(n)) ?? n}`),
    };
  }
  return view;
}

/** Requests that change something. */
/** Requests that can change something: any method but GET and HEAD, except GraphQL queries (not mutations). */
export function writesOf(requests: readonly { method: string; route?: string; body?: unknown }[]): number {
  return requests.filter((r) => {
    if (r.method === 'GET' || r.method === 'HEAD') return false;
    const query = (r.body as { query?: unknown } | undefined)?.query;
    if (r.route === 'POST /graphql' && typeof query === 'string') return /^\s*mutation\b/.test(query);
    return true;
  }).length;
}

/** Request counts by route template, e.g. `{ 'GET /repos/{owner}/{repo}/issues': 1 }`. */
export function countByRoute(requests: readonly { route: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) counts[r.route] = (counts[r.route] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
