/**
 * Sorts the managed issues into this plan's. Ours is an issue with the managed label (listed by label, which is consistent, unlike
 * search), whose body carries this plan's marker. A marker without the label, or the label without a marker, is not
 * ours. Two issues with the same marker: the oldest is kept, the others are reported as duplicates.
 */
import type { RemoteIssue } from '../../github/api.js';
import type { Plan, PlanItem } from '../../plan/index.js';
import { parseBody } from '../body/body.js';

export interface Duplicate {
  itemId: string;
  kept: RemoteIssue;
  extra: RemoteIssue;
}

export interface RemoteState {
  /** The kept issue of each item id found on GitHub, including items the plan no longer has. */
  byItem: Map<string, RemoteIssue>;
  duplicates: Duplicate[];
  /** Labelled issues with no planpilot marker at all: a person may have rewritten the body. */
  unmarked: RemoteIssue[];
  /** Every labelled issue by number, this plan's and others'. */
  labelled: Map<number, RemoteIssue>;
}

export function emptyRemoteState(): RemoteState {
  return { byItem: new Map(), duplicates: [], unmarked: [], labelled: new Map() };
}

/** Pure: sorts labelled issues into this plan's, duplicates and unmarked ones. */
export function classifyIssues(issues: readonly RemoteIssue[], planId: string): RemoteState {
  const state = emptyRemoteState();
  const oldestFirst = [...issues].sort((a, b) => a.number - b.number);
  for (const issue of oldestFirst) {
    state.labelled.set(issue.number, issue);
    const parsed = parseBody(issue.body);
    if (!parsed.identity) {
      state.unmarked.push(issue);
      continue;
    }
    if (parsed.identity.plan !== planId) continue;
    const kept = state.byItem.get(parsed.identity.item);
    if (kept) state.duplicates.push({ itemId: parsed.identity.item, kept, extra: issue });
    else state.byItem.set(parsed.identity.item, issue);
  }
  return state;
}

/**
 * A labelled issue whose markers a person erased is taken back by its exact title, when exactly one such issue has
 * the title of exactly one item that has no issue: otherwise the next run would create a duplicate.
 */
export function adoptUnmarked(
  plan: Plan,
  remote: RemoteState,
  warn: (message: string) => void,
): Map<string, RemoteIssue> {
  const adopted = new Map<string, RemoteIssue>();
  if (remote.unmarked.length === 0) return adopted;
  const byTitle = new Map<string, RemoteIssue[]>();
  for (const issue of remote.unmarked) byTitle.set(issue.title, [...(byTitle.get(issue.title) ?? []), issue]);
  const itemsByTitle = new Map<string, PlanItem[]>();
  for (const item of plan.items) itemsByTitle.set(item.title, [...(itemsByTitle.get(item.title) ?? []), item]);
  for (const item of plan.items) {
    if (remote.byItem.has(item.id)) continue;
    const candidates = byTitle.get(item.title) ?? [];
    if (candidates.length !== 1 || itemsByTitle.get(item.title)?.length !== 1) continue;
    const issue = candidates[0]!;
    adopted.set(item.id, issue);
    warn(`#${issue.number} has the label but no planpilot marker; it has the title of "${item.id}" and is taken back.`);
  }
  return adopted;
}
