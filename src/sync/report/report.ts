/** The sync report: what the JSON output prints and the library returns. Documented in the README; a contract. */
import type { RequestStats } from '../../github/accounting.js';
import type { InterruptSignal } from '../../interrupt.js';
import type { ItemKind } from '../../plan/index.js';
import type { SyncCost } from '../diff/cost.js';

export type ItemAction = 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped';

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
  /** Why it was kept: `reopened by a person` (it is never closed again). */
  note?: string;
  error?: string;
}

export interface DuplicateReport {
  id: string;
  number: number;
  keptNumber: number;
  action: 'kept' | 'closed' | 'already closed' | 'failed';
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
  duplicates: DuplicateReport[];
  labelsCreated: string[];
  milestonesCreated: string[];
  project?: ProjectReport;
  warnings: string[];
  requests: RequestReport;
  durationMs: number;
  /** True when a SIGINT or SIGTERM stopped the run: what had not started is `skipped`, and a re-run finishes it. */
  interrupted: boolean;
  /** The signal that interrupted the run; present only then. */
  signal?: InterruptSignal;
  /**
   * The process exit code this report implies: 0 success, 1 some items or links failed, 4 rate limit spent,
   * 130 interrupted by SIGINT, 143 by SIGTERM.
   */
  exitCode: 0 | 1 | 4 | 130 | 143;
}

export function countActions(report: SyncReport): Record<ItemAction, number> {
  const counts: Record<ItemAction, number> = { created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
  for (const item of report.items) counts[item.action]++;
  return counts;
}
