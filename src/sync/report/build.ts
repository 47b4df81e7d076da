/**
 * The report: a dry run reports the change set, a run its outcome, in the one SyncReport shape the CLI prints, the
 * Action summarises and `--json` emits.
 */
import { ServerStalledError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { RemoteIssue } from '../../github/api.js';
import type { RequestStats } from '../../github/client.js';
import { InterruptedError, type InterruptSignal, interruptExitCode } from '../../interrupt.js';
import type { Plan, PlanItem } from '../../plan/index.js';
import { type ChangeSet, reopenedByAPerson } from '../diff/change-set.js';
import type { SyncCost } from '../diff/cost.js';
import type { ProjectChange } from '../diff/project-diff.js';
import { relationReport } from '../execute/apply-relations.js';
import { cleanupUnitId, type Outcome } from '../execute/execute.js';
import type { ItemReport, OrphanReport, ProjectReport, SyncReport } from './report.js';

export interface ReportBase {
  repo: string;
  dryRun: boolean;
  cost: SyncCost;
  warnings: string[];
  started: number;
  stats: () => RequestStats | undefined;
  /** The signal received during the run, if one was. */
  interruptedBy: () => InterruptSignal | undefined;
}

export function itemReport(
  item: PlanItem,
  issue: RemoteIssue | undefined,
  action: ItemReport['action'],
  changes: string[],
  note?: string,
): ItemReport {
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    number: issue?.number ?? null,
    url: issue?.url ?? null,
    action,
    changes,
    ...(note ? { note } : {}),
  };
}

function emptyReport(plan: Plan, base: ReportBase): SyncReport {
  return {
    plan: plan.id,
    repo: base.repo,
    dryRun: base.dryRun,
    cost: base.cost,
    items: [],
    relations: { added: [], removed: [], failed: [], skipped: [] },
    orphans: [],
    duplicates: [],
    likelyRenames: [],
    labelsCreated: [],
    milestonesCreated: [],
    ...(plan.project ? { project: { url: plan.project.url, itemsAdded: [], itemsUpdated: [], failed: [] } } : {}),
    warnings: base.warnings,
    requests: {
      total: 0,
      reads: 0,
      writes: 0,
      retries: 0,
      rateLimitWaits: 0,
      rateLimitWaitMs: 0,
      pacingWaits: 0,
      pacingWaitMs: 0,
    },
    durationMs: 0,
    interrupted: false,
    exitCode: 0,
  };
}

/** The dry run: what the change set would do. */
export function reportChangeSet(changeSet: ChangeSet, base: ReportBase): SyncReport {
  const { plan, remote } = changeSet;
  const report = emptyReport(plan, base);
  const issueOf = (id: string) => remote.issues.get(id);
  for (const item of plan.items) {
    const p = changeSet.predictions.get(item.id)!;
    report.items.push(itemReport(item, issueOf(item.id), p.action, p.changes, p.note));
  }
  report.relations.added = changeSet.relations.add.map((c) => relationReport(c, issueOf));
  report.relations.removed = changeSet.relations.remove.map((c) => relationReport(c, issueOf));
  Object.assign(report, leftovers(changeSet, 'dry run'));
  report.labelsCreated = changeSet.labelsToCreate;
  report.milestonesCreated = changeSet.milestonesToCreate;
  if (report.project) recordProjectChanges(report.project, changeSet.projectChanges, remote.issues);
  return finish(report, base, undefined);
}

/** Nothing to write: every item is as the plan wants it. */
export function reportUnchanged(changeSet: ChangeSet, base: ReportBase): SyncReport {
  const { plan, remote } = changeSet;
  const report = emptyReport(plan, base);
  for (const item of plan.items) report.items.push(itemReport(item, remote.issues.get(item.id), 'unchanged', []));
  Object.assign(report, leftovers(changeSet, 'no writes'));
  return finish(report, base, undefined);
}

/** A run: what was done, failed and left. */
export function reportOutcome(changeSet: ChangeSet, outcome: Outcome, base: ReportBase): SyncReport {
  const { plan } = changeSet;
  const report = emptyReport(plan, base);
  const { issues } = outcome;
  for (const item of plan.items) {
    const issue = issues.get(item.id);
    const failure = outcome.failures.get(item.id);
    const skipped = outcome.skipped.get(item.id);
    const unconfirmed = outcome.unconfirmed.get(item.id);
    if (unconfirmed !== undefined) {
      report.items.push({ ...itemReport(item, issue, 'unconfirmed', []), error: unconfirmed });
    } else if (skipped !== undefined && failure === undefined && outcome.created.has(item.id)) {
      // Made, then the run stopped before its later step (the enrich pass that names children): it exists.
      report.items.push({
        ...itemReport(item, issue, 'created', changeSet.predictions.get(item.id)?.changes ?? []),
        error: `created, but not completed (a re-run completes it): ${skipped}`,
      });
    } else if (skipped !== undefined && failure === undefined) {
      report.items.push({ ...itemReport(item, issue, 'skipped', []), error: `not synced: ${skipped}` });
    } else if (failure !== undefined) {
      report.items.push({
        ...itemReport(item, issue, 'failed', outcome.changes.get(item.id)?.changes ?? []),
        error: outcome.created.has(item.id) ? `created, but completing it failed: ${failure}` : failure,
      });
    } else if (outcome.created.has(item.id)) {
      // The fields a create sends, as the change set predicted them.
      report.items.push(itemReport(item, issue, 'created', changeSet.predictions.get(item.id)?.changes ?? []));
    } else {
      const c = outcome.changes.get(item.id) ?? { changes: [] };
      report.items.push(itemReport(item, issue, c.changes.length > 0 ? 'updated' : 'unchanged', c.changes, c.note));
    }
    const refused = outcome.refused.get(item.id);
    if (refused) report.items.at(-1)!.refused = refused;
  }
  report.relations = {
    added: outcome.relations.added,
    removed: outcome.relations.removed,
    failed: outcome.relations.failed,
    skipped: outcome.relations.skipped,
  };
  Object.assign(report, leftovers(changeSet, outcome.cleanup));
  // Interrupted while making them: which were made is not known here (the next run makes the rest).
  report.labelsCreated = outcome.prepared ? changeSet.labelsToCreate : [];
  report.milestonesCreated = outcome.prepared ? changeSet.milestonesToCreate : [];
  if (report.project && outcome.project) {
    recordProjectChanges(report.project, outcome.project.done, issues);
    for (const failed of outcome.project.failed) {
      report.project.failed.push({ ...failed, number: issues.get(failed.id)?.number ?? null });
    }
  }
  return finish(report, base, outcome.halted);
}

/**
 * Orphans and duplicates, every run: already closed; kept because a person reopened it (never closed again); kept
 * (an orphan without prune, or the budget ran out); closed (or, in a dry run, to be closed); failed.
 */
function leftovers(
  changeSet: ChangeSet,
  run: 'dry run' | 'no writes' | Outcome['cleanup'],
): Pick<SyncReport, 'orphans' | 'duplicates' | 'likelyRenames' | 'pruneRefused'> {
  const closing = new Set([
    ...changeSet.orphansToClose.map((o) => cleanupUnitId.orphan(o.id)),
    ...changeSet.duplicatesToClose.map((d) => cleanupUnitId.duplicate(d)),
    ...(typeof run === 'object' ? run.lateDuplicates.map((d) => cleanupUnitId.duplicate(d)) : []),
  ]);
  const refused = changeSet.pruneRefused;
  const refusedUnits = new Set(refused?.wouldClose.map((o) => cleanupUnitId.orphan(o.id)));
  const conflicts = new Map(
    changeSet.remote.duplicates.flatMap((d) => (d.conflict ? [[cleanupUnitId.duplicate(d), d.conflict]] : [])),
  );
  const fate = (
    issue: RemoteIssue,
    unit: string,
  ): { action: OrphanReport['action']; note?: string; error?: string } => {
    if (issue.state === 'closed') return { action: 'already closed' };
    if (reopenedByAPerson(issue)) return { action: 'kept', note: 'reopened by a person' };
    const conflict = conflicts.get(unit);
    if (conflict !== undefined) return { action: 'kept', note: `not closed: ${conflict}` };
    if (refused && refusedUnits.has(unit)) {
      return {
        action: 'kept',
        note: `not closed: --prune would close ${refused.wouldClose.length}, over the limit of ${refused.limit}`,
      };
    }
    if (!closing.has(unit) || run === 'no writes') return { action: 'kept' };
    if (run === 'dry run') return { action: 'closed' };
    const error = run.failed.get(unit);
    if (error !== undefined) return { action: 'failed', error };
    return run.skipped.has(unit) ? { action: 'kept' } : { action: 'closed' };
  };
  const duplicates = [...changeSet.remote.duplicates, ...(typeof run === 'object' ? run.lateDuplicates : [])];
  return {
    orphans: changeSet.remote.orphans.map(({ id, issue }) => ({
      id,
      number: issue.number,
      url: issue.url,
      ...fate(issue, cleanupUnitId.orphan(id)),
    })),
    duplicates: duplicates.map((d) => ({
      id: d.itemId,
      number: d.extra.number,
      keptNumber: d.kept.number,
      ...fate(d.extra, cleanupUnitId.duplicate(d)),
    })),
    likelyRenames: changeSet.likelyRenames,
    ...(refused
      ? {
          pruneRefused: {
            wouldClose: refused.wouldClose.map((o) => ({ id: o.id, number: o.issue.number })),
            limit: refused.limit,
            managed: refused.managed,
          },
        }
      : {}),
  };
}

function recordProjectChanges(
  report: ProjectReport,
  changes: readonly ProjectChange[],
  issues: ReadonlyMap<string, RemoteIssue>,
): void {
  for (const change of changes) {
    const number = issues.get(change.itemId)?.number ?? null;
    if (change.add) report.itemsAdded.push({ id: change.itemId, number });
    if (change.set.length > 0) {
      report.itemsUpdated.push({
        id: change.itemId,
        number,
        fields: Object.fromEntries(change.set.map((value) => [value.field, value.display])),
      });
    }
  }
}

function finish(report: SyncReport, base: ReportBase, halted: Error | undefined): SyncReport {
  const stats = base.stats();
  if (stats) {
    const { byRoute: _byRoute, ...totals } = stats;
    report.requests = totals;
  }
  report.durationMs = Math.round(performance.now() - base.started);
  const failed =
    report.items.some(
      (item) => item.action === 'failed' || item.action === 'skipped' || item.action === 'unconfirmed' || item.refused,
    ) ||
    report.relations.failed.length > 0 ||
    report.orphans.some((orphan) => orphan.action === 'failed') ||
    report.duplicates.some((duplicate) => duplicate.action === 'failed') ||
    report.pruneRefused !== undefined ||
    (report.project?.failed.length ?? 0) > 0;
  // A signal received at any point makes the run interrupted, even when nothing was left undone: the exit code
  // is the one the shell expects of an interrupted command.
  const signal = halted instanceof InterruptedError ? halted.signal : base.interruptedBy();
  if (signal) {
    report.interrupted = true;
    report.signal = signal;
    report.exitCode = interruptExitCode(signal) as 130 | 143;
    return report;
  }
  // A stall stops the run like a spent budget, but a re-run need not wait for anything: exit 1.
  const budget = halted && !(halted instanceof ServerStalledError);
  report.exitCode = budget ? ExitCode.Budget : halted || failed ? ExitCode.PartialFailure : ExitCode.Success;
  return report;
}
