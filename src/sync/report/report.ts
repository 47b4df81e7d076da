/** The sync report: what the JSON output prints and the library returns. Documented in the README; a contract. */
import type { RequestStats } from '../../github/accounting.js';
import type { InterruptSignal } from '../../interrupt.js';
import type { ItemKind } from '../../plan/index.js';
import type { SyncCost } from '../diff/cost.js';
import type { RollupReport } from '../execute/rollup.js';

export type { RollupReport } from '../execute/rollup.js';

/** `unconfirmed`: its create was sent but never answered, and GitHub could not be asked; the issue may exist. */
export type ItemAction = 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped' | 'unconfirmed';

export interface ItemReport {
  id: string;
  kind: ItemKind;
  title: string;
  number: number | null;
  url: string | null;
  action: ItemAction;
  /** Plan-owned fields that were (or, in a dry run, would be) written. */
  changes: string[];
  /** Why the body was rewritten in an unusual way, e.g. `overwrote manual edit`. */
  note?: string;
  error?: string;
  /** Fields GitHub refused (the rest of the write was applied); the run exits 1 until the plan or GitHub changes. */
  refused?: { field: string; value: string; reason: string }[];
}

export interface RelationReport {
  kind: 'sub-issue' | 'blocked-by';
  from: string;
  to: string;
  fromNumber: number | null;
  toNumber: number | null;
  error?: string;
}

export interface OrphanReport {
  id: string;
  number: number;
  url: string;
  action: 'kept' | 'closed' | 'already closed' | 'failed';
  /** Why it was kept: `reopened by a person` (it is never closed again), or `not closed: …` (prune refused). */
  note?: string;
  error?: string;
}

export interface DuplicateReport {
  id: string;
  number: number;
  keptNumber: number;
  action: 'kept' | 'closed' | 'already closed' | 'failed';
  /** Why it was kept: `reopened by a person`, or `not closed: <the evidence against a race>`. */
  note?: string;
  error?: string;
}

export interface ProjectItemReport {
  id: string;
  number: number | null;
}

/** The plan's Projects v2 board: present when the plan has `project:`. */
export interface ProjectReport {
  url: string;
  /** Issues added to the project (in a dry run: to add). */
  itemsAdded: ProjectItemReport[];
  /** Items whose plan-owned values were set (in a dry run: would be), with those values by field name. */
  itemsUpdated: (ProjectItemReport & { fields: Record<string, string | number> })[];
  failed: (ProjectItemReport & { error: string })[];
}

/** The client's counts (see RequestStats) without the per-route breakdown. */
export type RequestReport = Omit<RequestStats, 'byRoute'>;

export interface SyncReport {
  plan: string;
  repo: string;
  dryRun: boolean;
  /** Predicted before the first write: requests of the whole run and the estimated duration. */
  cost: SyncCost;
  items: ItemReport[];
  relations: {
    added: RelationReport[];
    removed: RelationReport[];
    failed: RelationReport[];
    skipped: RelationReport[];
  };
  orphans: OrphanReport[];
  /** Issues beyond the first of one item: closed when the evidence says two runs raced, else kept with a note. */
  duplicates: DuplicateReport[];
  /** Orphans that look like the old id of a new item (same title, same parent): add `previous_ids` to keep them. */
  likelyRenames: { orphan: string; number: number; item: string }[];
  /** `--prune` would have closed more orphans than one run may (see `--max-prune`): none was closed. Exit 1. */
  pruneRefused?: { wouldClose: { id: string; number: number }[]; limit: number; managed: number };
  labelsCreated: string[];
  milestonesCreated: string[];
  project?: ProjectReport;
  /** With --close-completed: parents closed because their children are, or reopened because one is open again. */
  rollup?: RollupReport[];
  warnings: string[];
  requests: RequestReport;
  durationMs: number;
  /** True when a SIGINT or SIGTERM stopped the run: what had not started is `skipped`, and a re-run finishes it. */
  interrupted: boolean;
  /** The signal that interrupted the run; present only then. */
  signal?: InterruptSignal;
  /**
   * The process exit code this report implies: 0 success, 1 some items or links failed (or GitHub stopped
   * answering), 4 rate limit spent, 130 interrupted by SIGINT, 143 by SIGTERM.
   */
  exitCode: 0 | 1 | 4 | 130 | 143;
}

export function countActions(report: SyncReport): Record<ItemAction, number> {
  const counts: Record<ItemAction, number> = {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    skipped: 0,
    unconfirmed: 0,
  };
  for (const item of report.items) counts[item.action]++;
  return counts;
}
