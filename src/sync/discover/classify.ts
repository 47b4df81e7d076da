/**
 * Sorts the issues discovery read into this plan's, by the marker in each body. Pure.
 *
 * A marker is this plan's when it names the plan's id or one of its `previous_ids`; its item is the item with that id
 * or with it among its `previous_ids` (or an orphan: an id the plan no longer has). What people do to bodies is
 * expected, not trusted:
 * - a marker a person edited still carries the hash planpilot wrote, which covers the identity: the identity that
 *   hash belongs to wins (the marker is put right on the next write);
 * - a body with two begin markers (a person pasted another issue's text) is read as the item no other issue holds,
 *   else as its last marker (planpilot appends its section), and is never grounds to close anything;
 * - two issues of one item are closed as a race's duplicate only on evidence (see `raceEvidence`), else reported.
 */
import type { RemoteIssue } from '../../github/api.js';
import type { Plan, PlanItem } from '../../plan/index.js';
import { type Identity, parseBody, sectionHash, sectionIntegrity } from '../body/body.js';

/** Two runs that create one item at once make two issues within this long of each other. */
export const RACE_WINDOW_MS = 60 * 60 * 1000;

export interface Duplicate {
  itemId: string;
  kept: RemoteIssue;
  extra: RemoteIssue;
  /** Why `extra` may not be closed as the duplicate of a race; undefined when the evidence says it may. */
  conflict?: string;
}

export interface Classified {
  /** The kept issue of each item id found on GitHub (the plan's current ids), including items the plan no longer has. */
  byItem: Map<string, RemoteIssue>;
  duplicates: Duplicate[];
  /** Labelled issues with no planpilot marker at all: a person may have rewritten the body. */
  unmarked: RemoteIssue[];
  /** Every listed issue by number, this plan's and others'. */
  labelled: Map<number, RemoteIssue>;
  /** Issues of other plans by plan id, then item id: a renamed plan shows here. */
  otherPlans: Map<string, Map<string, RemoteIssue>>;
  /** What was read in an unusual way (an edited marker, two markers), one sentence each. */
  notes: string[];
}

export function emptyClassified(): Classified {
  return { byItem: new Map(), duplicates: [], unmarked: [], labelled: new Map(), otherPlans: new Map(), notes: [] };
}

interface Claim {
  issue: RemoteIssue;
  /** The item id in the plan's current terms (or the orphan's id). */
  itemId: string;
  /** The marker read, as it is in the body. */
  marker: Identity;
  markerCount: number;
}

export function classifyIssues(issues: readonly RemoteIssue[], plan: Pick<Plan, 'id' | 'previousIds' | 'items'>) {
  const state = emptyClassified();
  const knownPlans = new Set([plan.id, ...plan.previousIds]);
  const currentId = new Map<string, string>();
  for (const item of plan.items) {
    currentId.set(item.id, item.id);
    for (const previous of item.previousIds) currentId.set(previous, item.id);
  }
  const ours = (identity: Identity) => knownPlans.has(identity.plan);
  const single: Claim[] = [];
  const ambiguous: { issue: RemoteIssue; markers: Identity[] }[] = [];

  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    state.labelled.set(issue.number, issue);
    const parsed = parseBody(issue.body, ours);
    if (!parsed.identity) {
      state.unmarked.push(issue);
      continue;
    }
    const mine = parsed.identities.filter(ours);
    if (mine.length === 0) {
      const other = state.otherPlans.get(parsed.identity.plan) ?? new Map<string, RemoteIssue>();
      if (!other.has(parsed.identity.item)) other.set(parsed.identity.item, issue);
      state.otherPlans.set(parsed.identity.plan, other);
      continue;
    }
    if (mine.length > 1) {
      ambiguous.push({ issue, markers: mine });
      continue;
    }
    let marker = parsed.identity;
    const recovered = parsed.section && recoverIdentity(parsed.section, marker, plan, knownPlans);
    if (recovered) {
      state.notes.push(
        `#${issue.number}'s marker says "${marker.item}" but planpilot wrote it as "${recovered.item}" (the marker ` +
          'was edited): it is read as that item, and the marker is put right.',
      );
      marker = recovered;
    }
    single.push({
      issue,
      itemId: currentId.get(marker.item) ?? marker.item,
      marker,
      markerCount: parsed.identities.length,
    });
  }

  // A body with two of this plan's markers: the item no single-marker issue holds, else the last marker.
  const held = new Set(single.map((claim) => claim.itemId));
  const claims = [...single];
  for (const { issue, markers } of ambiguous) {
    const free = markers.filter((m) => !held.has(currentId.get(m.item) ?? m.item));
    const marker = free.length === 1 ? free[0]! : markers.at(-1)!;
    const itemId = currentId.get(marker.item) ?? marker.item;
    held.add(itemId);
    claims.push({ issue, itemId, marker, markerCount: markers.length });
    state.notes.push(
      `#${issue.number} holds ${markers.length} planpilot markers (${markers.map((m) => `"${m.item}"`).join(', ')}; ` +
        `text pasted from another issue?): it is read as "${itemId}", and never closed for it.`,
    );
  }

  const byItem = new Map<string, Claim[]>();
  for (const claim of claims) byItem.set(claim.itemId, [...(byItem.get(claim.itemId) ?? []), claim]);
  for (const [itemId, group] of byItem) {
    const [kept, ...extras] = group.sort((a, b) => a.issue.number - b.issue.number);
    state.byItem.set(itemId, kept!.issue);
    for (const extra of extras) {
      const conflict = raceEvidence(kept!, extra);
      state.duplicates.push({ itemId, kept: kept!.issue, extra: extra.issue, ...(conflict ? { conflict } : {}) });
    }
  }
  return state;
}

/**
 * When a section's hash does not match its marker, the identity it does match (planpilot hashes the identity with
 * the content): the marker was edited by a person. Undefined when the hash says nothing (the content was edited).
 */
function recoverIdentity(
  section: { content: string; hash: string },
  marker: Identity,
  plan: Pick<Plan, 'items'>,
  knownPlans: ReadonlySet<string>,
): Identity | undefined {
  if (sectionIntegrity(section, marker) !== 'edited') return undefined;
  for (const planId of knownPlans) {
    for (const item of plan.items) {
      for (const id of [item.id, ...item.previousIds]) {
        if (sectionHash(section.content, { plan: planId, item: id }) === section.hash)
          return { plan: planId, item: id };
      }
    }
  }
  return undefined;
}

/**
 * Two runs raced when both issues are as planpilot made them: one marker each, sections unedited (hash over the
 * identity), no text of people's around them, the same author, created within RACE_WINDOW_MS. Otherwise the reason
 * the newer one must not be closed.
 */
function raceEvidence(kept: Claim, extra: Claim): string | undefined {
  if (kept.markerCount > 1 || extra.markerCount > 1) return 'a body holds more than one planpilot marker';
  for (const claim of [kept, extra]) {
    const parsed = parseBody(claim.issue.body, (m) => m.plan === claim.marker.plan && m.item === claim.marker.item);
    if (!parsed.section || sectionIntegrity(parsed.section, claim.marker) !== 'exact') {
      return `#${claim.issue.number}'s section was edited by a person`;
    }
  }
  const extraBody = parseBody(extra.issue.body);
  if (extraBody.before.trim() !== '' || extraBody.after.trim() !== '')
    return `#${extra.issue.number} has people's text`;
  if (kept.issue.author !== extra.issue.author || kept.issue.author === '') {
    return `opened by different accounts (${kept.issue.author || 'unknown'}, ${extra.issue.author || 'unknown'})`;
  }
  const apart = Math.abs(Date.parse(extra.issue.createdAt) - Date.parse(kept.issue.createdAt));
  if (!(apart <= RACE_WINDOW_MS)) return 'created too far apart to be two runs racing';
  return undefined;
}

/**
 * A labelled issue whose markers a person erased is adopted by its exact title, on evidence beyond the title: one
 * such issue has the title of exactly one item that has no issue, it was opened by the account that opened this
 * plan's marked issues, it is not linked to another plan's issues, and it is linked to this plan's where the item has
 * relatives (its parent is the item's parent's issue, or a child item's issue is its sub-issue).
 */
export function adoptUnmarked(
  plan: Plan,
  remote: Classified,
  warn: (message: string) => void,
): Map<string, RemoteIssue> {
  const adopted = new Map<string, RemoteIssue>();
  if (remote.unmarked.length === 0) return adopted;
  const byTitle = new Map<string, RemoteIssue[]>();
  for (const issue of remote.unmarked) byTitle.set(issue.title, [...(byTitle.get(issue.title) ?? []), issue]);
  const itemsByTitle = new Map<string, PlanItem[]>();
  for (const item of plan.items) itemsByTitle.set(item.title, [...(itemsByTitle.get(item.title) ?? []), item]);
  const authors = new Set([...remote.byItem.values()].map((issue) => issue.author).filter((login) => login !== ''));
  const otherPlanNumbers = new Set(
    [...remote.otherPlans.values()].flatMap((items) => [...items.values()].map((i) => i.number)),
  );
  const otherPlanParents = new Set(
    [...remote.otherPlans.values()].flatMap((items) => [...items.values()].map((i) => i.parentNumber)),
  );
  for (const item of plan.items) {
    if (remote.byItem.has(item.id)) continue;
    const candidates = byTitle.get(item.title) ?? [];
    if (candidates.length !== 1 || itemsByTitle.get(item.title)?.length !== 1) continue;
    const issue = candidates[0]!;
    const parentIssue = item.parent === undefined ? undefined : remote.byItem.get(item.parent);
    const childIssues = plan.items
      .filter((child) => child.parent === item.id)
      .flatMap((child) => remote.byItem.get(child.id) ?? []);
    const hasRelatives = item.parent !== undefined || childIssues.length > 0;
    const linked =
      (parentIssue !== undefined && issue.parentNumber === parentIssue.number) ||
      childIssues.some((child) => child.parentNumber === issue.number);
    const refusal = !authors.has(issue.author)
      ? `it was opened by ${issue.author || 'an unknown account'}, not by the account that opened this plan's issues`
      : otherPlanNumbers.has(issue.parentNumber ?? -2) || otherPlanParents.has(issue.number)
        ? "it is linked to another plan's issues"
        : hasRelatives && !linked
          ? `it is not linked to the issues of "${item.id}"'s parent or children`
          : undefined;
    if (refusal) {
      warn(
        `#${issue.number} has the title of "${item.id}" and the label, but no planpilot marker, and ${refusal}: ` +
          'it is not adopted, and the item gets an issue of its own.',
      );
      continue;
    }
    adopted.set(item.id, issue);
    warn(
      `#${issue.number} has the label but no planpilot marker; its title, author and links are "${item.id}"'s: ` +
        'adopted, and its marker is written again.',
    );
  }
  return adopted;
}
