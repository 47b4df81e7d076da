/**
 * The status report: what `planpilot status --json` prints and `readStatus` returns. Documented in the README; a
 * contract like the sync report (fields are added, never renamed or removed).
 */

import type { ItemKind } from '../plan/index.js';
import type { RequestReport } from '../sync/report/report.js';

/**
 * Where an item stands, as the views colour it:
 * - `done`: its issue is closed (any reason; `stateReason` says which);
 * - `blocked`: open, and one of its `depends_on` items is not closed (open, or not on GitHub yet);
 * - `in progress`: open, not blocked, and assigned or with some of its children closed;
 * - `todo`: open, nobody on it yet;
 * - `not created`: the plan has it and GitHub does not (the next sync creates it).
 */
export type Progress = 'done' | 'blocked' | 'in progress' | 'todo' | 'not created';

export interface StatusItem {
  id: string;
  kind: ItemKind;
  title: string;
  /** The parent item's id; null for an epic. */
  parent: string | null;
  number: number | null;
  url: string | null;
  /** `not created` when the item has no issue yet. */
  state: 'open' | 'closed' | 'not created';
  /** GitHub's `state_reason`: `completed`, `not_planned`, `reopened`, `duplicate`, or null. */
  stateReason: string | null;
  assignees: string[];
  /** The project's Status value (the option's name), null when unset; present only when the plan has `project:`. */
  projectStatus?: string | null;
  progress: Progress;
  /** The plan's `depends_on`: the items this one is blocked by on GitHub. */
  dependsOn: string[];
  /** The `depends_on` items that are not closed: what holds this item up (empty when nothing does). */
  blockedBy: string[];
  /** Epics and stories: how many of the plan's children are closed, of all of them (created or not). */
  rollup?: { closed: number; total: number };
}

/** What `planpilot sync` would change now: its dry run's change set, summarised. */
export interface StatusDrift {
  /** True when a sync would write nothing. */
  inSync: boolean;
  toCreate: number;
  toUpdate: number;
  linksToAdd: number;
  linksToRemove: number;
  labelsToCreate: number;
  milestonesToCreate: number;
  /** Project items to add and to update; present only when the plan has `project:`. */
  project?: { toAdd: number; toUpdate: number };
  /** Items the plan has and GitHub does not, by id. */
  notCreated: string[];
  /** Items whose issue a sync would update, with the plan-owned fields that differ. */
  updates: { id: string; number: number | null; changes: string[] }[];
  /** This plan's issues whose item left the plan (`sync --prune` closes the open ones). */
  orphans: { id: string; number: number; url: string; state: 'open' | 'closed' }[];
}

export interface StatusReport {
  plan: string;
  repo: string;
  /** Every item of the plan, epics first, then stories, then tasks, each in file order (as in the sync report). */
  items: StatusItem[];
  totals: { items: number; done: number; blocked: number; inProgress: number; todo: number; notCreated: number };
  drift: StatusDrift;
  warnings: string[];
  /** The requests this status made; every one of them a read. */
  requests: RequestReport;
  exitCode: 0;
}
