/**
 * Relations among this plan's issues: sub-issue links (child under parent) and blocked-by links. Planning reads as
 * little as GitHub allows: each issue object says its parent and how many blocked-by/blocking links it has, so links
 * are listed only where those counts disagree with the plan.
 */
import type { GitHubApi, RemoteIssue } from '../github/api.js';
import type { Plan } from '../plan/index.js';

export interface RelationChange {
  kind: 'sub-issue' | 'blocked-by';
  /** The parent (sub-issue) or the blocked item (blocked-by). */
  from: string;
  /** The child (sub-issue) or the blocker (blocked-by). */
  to: string;
  /** For a sub-issue add: the child has another parent now, which this link replaces. */
  replaceParent?: boolean;
}

export interface RelationPlan {
  add: RelationChange[];
  remove: RelationChange[];
}

/**
 * Works out the links to add and remove. `byItem` holds this plan's issues (orphans included); items absent from it
 * will be created, so they have no links yet.
 */
export async function planRelations(
  plan: Plan,
  byItem: ReadonlyMap<string, RemoteIssue>,
  api: GitHubApi | undefined,
): Promise<RelationPlan> {
  const itemOfNumber = new Map<number, string>();
  for (const [itemId, issue] of byItem) itemOfNumber.set(issue.number, itemId);
  const result: RelationPlan = { add: [], remove: [] };

  const subIssues = api?.features.subIssues ?? 'rest';
  const dependencies = api?.features.dependencies ?? true;
  // Sub-issues. A server whose issue objects do not say the parent (and that has REST sub-issues): list the
  // children of this plan's issues. (Through GraphQL, discovery has read the parents already.)
  const parentOf = new Map<string, number | null | undefined>();
  for (const [itemId, issue] of byItem) parentOf.set(itemId, issue.parentNumber);
  if (api && subIssues === 'rest' && [...parentOf.values()].some((p) => p === undefined)) {
    for (const itemId of byItem.keys()) {
      if (parentOf.get(itemId) === undefined) parentOf.set(itemId, null);
    }
    const lists = await Promise.all(
      [...byItem.values()].map(async (issue) => ({ issue, children: await api.listSubIssues(issue.number) })),
    );
    for (const { issue, children } of lists) {
      for (const child of children) {
        const childItem = itemOfNumber.get(child.number);
        if (childItem) parentOf.set(childItem, issue.number);
      }
    }
  }
  for (const item of subIssues === 'none' ? [] : plan.items) {
    if (!byItem.has(item.id)) {
      if (item.parent !== undefined) result.add.push({ kind: 'sub-issue', from: item.parent, to: item.id });
      continue;
    }
    const current = parentOf.get(item.id) ?? null;
    const currentItem = current === null ? undefined : itemOfNumber.get(current);
    if (item.parent !== undefined) {
      if (currentItem === item.parent) continue;
      result.add.push({ kind: 'sub-issue', from: item.parent, to: item.id, replaceParent: current !== null });
    } else if (currentItem !== undefined) {
      result.remove.push({ kind: 'sub-issue', from: currentItem, to: item.id });
    }
  }

  // Blocked-by links, where the server has them.
  if (!dependencies) return result;
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
  if (api) {
    // Counts say where the links can differ from the plan; only those issues' links are listed, in parallel.
    const blockedLists = await Promise.all(
      plan.items.flatMap((item) => {
        const issue = byItem.get(item.id);
        if (!issue || issue.dependencies?.blockedBy === (current.get(item.id)?.size ?? 0)) return [];
        return [api.listBlockedBy(issue.number).then((blockers) => ({ itemId: item.id, blockers }))];
      }),
    );
    for (const { itemId, blockers } of blockedLists) {
      current.set(itemId, new Set(blockers.flatMap((b) => itemOfNumber.get(b.number) ?? [])));
    }
    // A blocker whose "blocking" count is off catches a link swapped between two of this plan's issues.
    const blockingLists = await Promise.all(
      [...byItem].flatMap(([itemId, issue]) => {
        const expected = (dependents.get(itemId) ?? []).filter(existing).length;
        if (!issue.dependencies || issue.dependencies.blocking === expected) return [];
        return [api.listBlocking(issue.number).then((blocked) => ({ itemId, blocked }))];
      }),
    );
    for (const { itemId, blocked } of blockingLists) {
      const blocks = new Set(blocked.flatMap((b) => itemOfNumber.get(b.number) ?? []));
      for (const [blockedItem, blockers] of current) {
        if (blocks.has(blockedItem)) blockers.add(itemId);
        else blockers.delete(itemId);
      }
    }
  }
  for (const item of plan.items) {
    const have = current.get(item.id) ?? new Set<string>();
    for (const dep of item.dependsOn) {
      if (!have.has(dep)) result.add.push({ kind: 'blocked-by', from: item.id, to: dep });
    }
    const wanted = new Set(item.dependsOn);
    for (const dep of have) {
      if (!wanted.has(dep)) result.remove.push({ kind: 'blocked-by', from: item.id, to: dep });
    }
  }
  return result;
}
