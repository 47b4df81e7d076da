/**
 * The links GitHub has among this plan's issues, read as little as GitHub allows: each issue object says its parent
 * and how many blocked-by/blocking links it has, so links are listed only where those counts disagree with the plan.
 */
import type { RemoteIssue } from '../../github/api.js';
import type { Plan } from '../../plan/index.js';
import type { RemoteReader } from './remote.js';

export interface CurrentLinks {
  /** Whether the server has sub-issues at all. */
  subIssues: boolean;
  /** Each existing item's parent issue number (null: none; -1: in another repository). Empty without sub-issues. */
  parentNumber: Map<string, number | null>;
  /** Each existing item's blockers among this plan's items; undefined when the server has no dependencies. */
  blockers: Map<string, Set<string>> | undefined;
}

export async function readLinks(
  plan: Plan,
  byItem: ReadonlyMap<string, RemoteIssue>,
  remote: RemoteReader,
): Promise<CurrentLinks> {
  const [parentNumber, blockers] = await Promise.all([
    readParents(byItem, remote),
    remote.features.dependencies ? readBlockers(plan, byItem, remote) : Promise.resolve(undefined),
  ]);
  return { subIssues: remote.features.subIssues !== 'none', parentNumber, blockers };
}

/** Issue objects that do not say the parent (a server with REST sub-issues but no `sub_issues_summary`): list. */
async function readParents(
  byItem: ReadonlyMap<string, RemoteIssue>,
  remote: RemoteReader,
): Promise<Map<string, number | null>> {
  const parents = new Map<string, number | null>();
  if (remote.features.subIssues === 'none') return parents;
  const itemOfNumber = new Map([...byItem].map(([itemId, issue]) => [issue.number, itemId]));
  for (const [itemId, issue] of byItem) parents.set(itemId, issue.parentNumber ?? null);
  const unknown = [...byItem.values()].some((issue) => issue.parentNumber === undefined);
  if (!unknown || remote.features.subIssues !== 'rest') return parents;
  const lists = await Promise.all(
    [...byItem.values()].map(async (issue) => ({ issue, children: await remote.listSubIssues(issue.number) })),
  );
  for (const { issue, children } of lists) {
    for (const child of children) {
      const childItem = itemOfNumber.get(child.number);
      if (childItem) parents.set(childItem, issue.number);
    }
  }
  return parents;
}

async function readBlockers(
  plan: Plan,
  byItem: ReadonlyMap<string, RemoteIssue>,
  remote: RemoteReader,
): Promise<Map<string, Set<string>>> {
  const itemOfNumber = new Map([...byItem].map(([itemId, issue]) => [issue.number, itemId]));
  const existing = (id: string) => byItem.has(id);
  const dependents = new Map<string, string[]>();
  for (const item of plan.items) {
    for (const dep of item.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), item.id]);
  }
  /** What GitHub has, per blocked item, as far as known: starts as the plan's links among existing issues. */
  const current = new Map<string, Set<string>>();
  for (const item of plan.items) {
    if (existing(item.id)) current.set(item.id, new Set(item.dependsOn.filter(existing)));
  }
  // Counts say where the links can differ from the plan; only those issues' links are listed, in parallel.
  // A blocker in another repository is no item of the plan, whatever its number (a link made by a person).
  const ofThisPlan = (other: RemoteIssue, issue: RemoteIssue) =>
    sameRepository(other, issue) ? (itemOfNumber.get(other.number) ?? []) : [];
  const blockedLists = await Promise.all(
    plan.items.flatMap((item) => {
      const issue = byItem.get(item.id);
      if (!issue || issue.dependencies?.blockedBy === (current.get(item.id)?.size ?? 0)) return [];
      return [remote.listBlockedBy(issue.number).then((blockers) => ({ itemId: item.id, issue, blockers }))];
    }),
  );
  for (const { itemId, issue, blockers } of blockedLists) {
    current.set(itemId, new Set(blockers.flatMap((b) => ofThisPlan(b, issue))));
  }
  // A blocker whose "blocking" count is off catches a link swapped between two of this plan's issues.
  const blockingLists = await Promise.all(
    [...byItem].flatMap(([itemId, issue]) => {
      const expected = (dependents.get(itemId) ?? []).filter(existing).length;
      if (!issue.dependencies || issue.dependencies.blocking === expected) return [];
      return [remote.listBlocking(issue.number).then((blocked) => ({ itemId, issue, blocked }))];
    }),
  );
  for (const { itemId, issue, blocked } of blockingLists) {
    const blocks = new Set(blocked.flatMap((b) => ofThisPlan(b, issue)));
    for (const [blockedItem, blockers] of current) {
      if (blocks.has(blockedItem)) blockers.add(itemId);
      else blockers.delete(itemId);
    }
  }
  return current;
}

/** Issues of one repository share their address up to the number (`…/acme/shop/issues/12`). */
function sameRepository(a: RemoteIssue, b: RemoteIssue): boolean {
  const repository = (issue: RemoteIssue) => (issue.url ?? '').replace(/\/(issues|pull)\/\d+$/, '').toLowerCase();
  return repository(a) === repository(b);
}
