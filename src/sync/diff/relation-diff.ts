/**
 * Pure: the sub-issue and blocked-by links to add and remove, from the plan and the links GitHub has now
 * (discover/links). Items without an issue will be created, so they have no links yet.
 */
import type { RemoteIssue } from '../../github/api.js';
import type { Plan } from '../../plan/index.js';
import type { CurrentLinks } from '../discover/links.js';

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

export interface LinkSupport {
  subIssues: boolean;
  dependencies: boolean;
}

export function diffRelations(
  plan: Plan,
  byItem: ReadonlyMap<string, RemoteIssue>,
  links: CurrentLinks,
  support: LinkSupport,
): RelationPlan {
  const result: RelationPlan = { add: [], remove: [] };
  if (support.subIssues) diffSubIssues(plan, byItem, links, result);
  if (support.dependencies) diffBlockedBy(plan, links, result);
  return result;
}

function diffSubIssues(
  plan: Plan,
  byItem: ReadonlyMap<string, RemoteIssue>,
  links: CurrentLinks,
  result: RelationPlan,
): void {
  const itemOfNumber = new Map([...byItem].map(([itemId, issue]) => [issue.number, itemId]));
  for (const item of plan.items) {
    if (!byItem.has(item.id)) {
      if (item.parent !== undefined) result.add.push({ kind: 'sub-issue', from: item.parent, to: item.id });
      continue;
    }
    const current = links.parentNumber.get(item.id) ?? null;
    const currentItem = current === null ? undefined : itemOfNumber.get(current);
    if (item.parent !== undefined) {
      if (currentItem === item.parent) continue;
      result.add.push({ kind: 'sub-issue', from: item.parent, to: item.id, replaceParent: current !== null });
    } else if (currentItem !== undefined) {
      result.remove.push({ kind: 'sub-issue', from: currentItem, to: item.id });
    }
  }
}

function diffBlockedBy(plan: Plan, links: CurrentLinks, result: RelationPlan): void {
  for (const item of plan.items) {
    const have = links.blockers?.get(item.id) ?? new Set<string>();
    for (const dep of item.dependsOn) {
      if (!have.has(dep)) result.add.push({ kind: 'blocked-by', from: item.id, to: dep });
    }
    const wanted = new Set(item.dependsOn);
    for (const dep of have) {
      if (!wanted.has(dep)) result.remove.push({ kind: 'blocked-by', from: item.id, to: dep });
    }
  }
}
