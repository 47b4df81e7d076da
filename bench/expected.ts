/**
 * What a first sync must write at the least, computed from the plan alone (independently of the engine's own
 * prediction, which the benchmark prints beside it):
 *   - one label per label the plan needs (the managed one, plan-wide and item labels; `type:<kind>` labels only
 *     where the repository has no issue types), one milestone per milestone title;
 *   - one create per item;
 *   - one link per relation: a sub-issue link per item with a parent, a blocked-by link per dependency edge;
 *   - one PATCH per item whose enriched body differs from the body it was created with. Items are created epics,
 *     then stories, then tasks, each phase's bodies rendered before any of its creates returns, so at its creation
 *     an item's body can name only relatives of an earlier phase. It differs later when the item has children
 *     (always created in a later phase) or depends on an item of its own phase or a later one.
 */
import type { ItemKind, Plan } from '../src/plan/index.js';

export interface MinimalWrites {
  labels: number;
  milestones: number;
  creates: number;
  relations: number;
  enrichments: number;
  total: number;
}

export function minimalFirstSyncWrites(
  plan: Plan,
  options: { managedLabel?: string; issueTypes?: boolean } = {},
): MinimalWrites {
  const rank: Record<ItemKind, number> = { epic: 0, story: 1, task: 2 };
  const labels = new Set<string>([(options.managedLabel ?? 'planpilot').toLowerCase()]);
  for (const item of plan.items) {
    for (const label of item.labels) labels.add(label.toLowerCase());
    if (options.issueTypes === false) labels.add(`type:${item.kind}`);
  }
  const milestones = new Set(plan.items.flatMap((item) => (item.milestone === undefined ? [] : [item.milestone])));
  const kindOf = new Map(plan.items.map((item) => [item.id, item.kind]));
  const parents = new Set(plan.items.flatMap((item) => (item.parent === undefined ? [] : [item.parent])));
  const relations = plan.items.reduce(
    (sum, item) => sum + (item.parent === undefined ? 0 : 1) + item.dependsOn.length,
    0,
  );
  const enrichments = plan.items.filter(
    (item) =>
      parents.has(item.id) ||
      item.dependsOn.some((dep) => rank[kindOf.get(dep) ?? 'task'] >= rank[item.kind]) ||
      (item.parent !== undefined && rank[kindOf.get(item.parent) ?? 'task'] >= rank[item.kind]),
  ).length;
  const counts = {
    labels: labels.size,
    milestones: milestones.size,
    creates: plan.items.length,
    relations,
    enrichments,
  };
  return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
