/**
 * Renames people make, told from what discovery read. Pure.
 * - A plan whose `id` changed finds its issues under the old id: they are another plan's to it, but with this
 *   plan's item ids and titles. Syncing on would create the whole plan again, so the run stops and says what to do.
 * - An item whose `id` changed leaves an orphan with the item's title under the item's parent: reported as a
 *   likely rename, with the `previous_ids` line that keeps the issue.
 */
import type { RemoteIssue } from '../../github/api.js';
import type { Plan, PlanItem } from '../../plan/index.js';

export interface PlanRename {
  previousId: string;
  /** This plan's items that have an issue of the other plan with the same id and title. */
  matches: { itemId: string; number: number }[];
  /** This plan's items that have an issue of its own. */
  own: number;
}

/**
 * Another plan whose issues carry at least half of this plan's item ids with the same titles, while this plan has
 * fewer issues of its own: this plan was most likely renamed from it.
 */
export function detectPlanRename(
  plan: Plan,
  otherPlans: ReadonlyMap<string, ReadonlyMap<string, RemoteIssue>>,
  found: ReadonlyMap<string, RemoteIssue>,
): PlanRename | undefined {
  const own = plan.items.filter((item) => found.has(item.id)).length;
  let best: PlanRename | undefined;
  for (const [previousId, issues] of otherPlans) {
    const matches = plan.items.flatMap((item) => {
      const issue = issues.get(item.id);
      return issue && issue.title === item.title ? [{ itemId: item.id, number: issue.number }] : [];
    });
    if (matches.length === 0 || matches.length * 2 < plan.items.length || matches.length <= own) continue;
    if (!best || matches.length > best.matches.length) best = { previousId, matches, own };
  }
  return best;
}

export function planRenameMessage(plan: Plan, rename: PlanRename, label: string): string {
  const numbers = rename.matches.map((m) => `#${m.number}`);
  const shown = numbers.length > 8 ? `${numbers.slice(0, 8).join(', ')}, …` : numbers.join(', ');
  return (
    `${rename.matches.length} issues with the label "${label}" belong to plan "${rename.previousId}" and have this ` +
    `plan's item ids and titles (${shown}), but plan "${plan.id}" has ${rename.own === 0 ? 'none' : `only ${rename.own}`} ` +
    `of its own: was the plan's id renamed from "${rename.previousId}"? To keep those issues, add ` +
    `"previous_ids: [${rename.previousId}]" to the plan. If "${rename.previousId}" is another plan and this one ` +
    'should have issues of its own, pass --separate-plan. Nothing was changed.'
  );
}

export interface LikelyRename {
  /** The orphan's item id (the id the plan no longer has) and issue. */
  orphan: string;
  number: number;
  /** The new item of the same title under the same parent. */
  item: string;
}

/**
 * An orphan and an item to create with the same title under the same parent (the parent's issue, or none for
 * both): most likely the item's id was renamed without `previous_ids`.
 */
export function likelyRenames(
  orphans: readonly { id: string; issue: RemoteIssue }[],
  creates: readonly PlanItem[],
  issues: ReadonlyMap<string, RemoteIssue>,
): LikelyRename[] {
  const renames: LikelyRename[] = [];
  const taken = new Set<string>();
  for (const item of creates) {
    const parentNumber = item.parent === undefined ? null : issues.get(item.parent)?.number;
    if (parentNumber === undefined) continue; // The parent is new too: the orphan cannot be under it.
    const orphan = orphans.find(
      (o) =>
        !taken.has(o.id) &&
        o.issue.state === 'open' &&
        o.issue.title === item.title &&
        (o.issue.parentNumber ?? null) === parentNumber,
    );
    if (!orphan) continue;
    taken.add(orphan.id);
    renames.push({ orphan: orphan.id, number: orphan.issue.number, item: item.id });
  }
  return renames;
}

export function likelyRenameMessage(rename: LikelyRename): string {
  return (
    `"${rename.item}" is new, and orphan #${rename.number} ("${rename.orphan}") has its title under the same parent: ` +
    `if "${rename.orphan}" was renamed to "${rename.item}", add "previous_ids: [${rename.orphan}]" to ` +
    `"${rename.item}" so #${rename.number} is kept; as the plan is, a new issue is created.`
  );
}
