/**
 * The human-readable report of a sync, shared by the CLI and the Action: pure formatting of the report (the change
 * list, the summary), with no terminal concerns (no colours, no progress bars; those stay in src/cli/).
 */

import type { ItemKind } from '../plan/index.js';
import { formatDuration } from '../sync/diff/cost.js';
import type { RelationReport, SyncReport } from '../sync/report/report.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

const SYMBOL = { created: '+', updated: '~', unchanged: '=', failed: '!', skipped: '!', unconfirmed: '?' } as const;

function relationText(r: RelationReport): string {
  const ref = (id: string, n: number | null) => (n === null ? id : `${id} (#${n})`);
  return r.kind === 'sub-issue'
    ? `sub-issue ${ref(r.to, r.toNumber)} under ${ref(r.from, r.fromNumber)}`
    : `${ref(r.from, r.fromNumber)} blocked by ${ref(r.to, r.toNumber)}`;
}

/** The change set, one line per change: what a dry run shows, and what a real run did. */
export function formatChanges(report: SyncReport, verbosity: Verbosity): string[] {
  const lines: string[] = [];
  // Interrupted: what was not reached is counted in one line (the JSON report lists it), unless verbose.
  const listNotDone = !report.interrupted || verbosity === 'verbose';
  for (const item of report.items) {
    if (item.action === 'unchanged' && verbosity !== 'verbose' && !item.refused) continue;
    if (item.action === 'skipped' && !listNotDone && !item.error?.includes('in flight')) continue;
    const number = item.number === null ? '' : ` #${item.number}`;
    const verb = report.dryRun ? { created: 'create', updated: 'update' }[item.action as string] : undefined;
    let line = `${SYMBOL[item.action]} ${verb ?? item.action}${number} ${item.kind} ${item.id}`;
    if (item.action === 'created') line += ` ${JSON.stringify(item.title)}`;
    if (item.action === 'updated' && item.changes.length > 0) line += ` (${item.changes.join(', ')})`;
    if (item.note) line += ` [${item.note}]`;
    if (item.error) line += `: ${item.error}`;
    if (item.action !== 'unchanged' || verbosity === 'verbose') lines.push(line);
    for (const r of item.refused ?? []) lines.push(`! refused${number} ${item.id}: ${refusalText(r)}`);
  }
  const link = report.dryRun ? 'link' : 'linked';
  const unlink = report.dryRun ? 'unlink' : 'unlinked';
  for (const r of report.relations.added) lines.push(`+ ${link} ${relationText(r)}`);
  for (const r of report.relations.removed) lines.push(`- ${unlink} ${relationText(r)}`);
  for (const r of report.relations.failed) lines.push(`! link failed: ${relationText(r)}: ${r.error ?? ''}`);
  if (listNotDone) {
    for (const r of report.relations.skipped) lines.push(`! link skipped: ${relationText(r)}: ${r.error ?? ''}`);
  } else {
    const items = report.items.filter((i) => i.action === 'skipped' && !i.error?.includes('in flight')).length;
    const links = report.relations.skipped.length;
    if (items + links > 0) {
      lines.push(
        `! not done (interrupted by ${report.signal}): ${items} items, ${links} links; --verbose or --json lists them`,
      );
    }
  }
  for (const o of report.orphans) {
    const what = `#${o.number} ${o.id} (no longer in the plan)`;
    if (o.action === 'closed') lines.push(`x ${report.dryRun ? 'close' : 'closed'} ${what} as not planned`);
    else if (o.note?.startsWith('not closed:')) lines.push(`! orphan ${what}: kept open, ${o.note.slice(12)}`);
    else if (o.note) lines.push(`? orphan ${what}: kept open, ${o.note}; planpilot will not close it again`);
    else if (o.action === 'kept') lines.push(`? orphan ${what}: kept open; --prune closes it`);
    else if (o.action === 'failed') lines.push(`! close failed ${what}: ${o.error ?? ''}`);
    else if (verbosity === 'verbose') lines.push(`= orphan ${what}: already closed`);
  }
  if (report.project) {
    const p = report.project;
    const ref = (id: string, n: number | null) => (n === null ? id : `#${n} ${id}`);
    const added = new Set(p.itemsAdded.map((a) => a.id));
    const updated = new Map(p.itemsUpdated.map((u) => [u.id, u]));
    for (const a of p.itemsAdded) {
      const u = updated.get(a.id);
      const values = u ? Object.entries(u.fields).map(([name, value]) => `${name}: ${value}`) : [];
      lines.push(
        `+ ${report.dryRun ? 'add' : 'added'} ${ref(a.id, a.number)} to the project${values.length > 0 ? ` (${values.join(', ')})` : ''}`,
      );
    }
    for (const u of p.itemsUpdated) {
      if (added.has(u.id)) continue;
      const values = Object.entries(u.fields).map(([name, value]) => `${name}: ${value}`);
      lines.push(`~ set project fields of ${ref(u.id, u.number)} (${values.join(', ')})`);
    }
    for (const f of p.failed) lines.push(`! project update failed ${ref(f.id, f.number)}: ${f.error}`);
  }
  for (const d of report.duplicates) {
    const what = `#${d.number} duplicates #${d.keptNumber} (${d.id})`;
    if (d.action === 'closed') lines.push(`x ${report.dryRun ? 'close' : 'closed'} ${what}`);
    else if (d.note?.startsWith('not closed:')) lines.push(`? duplicate ${what}: both kept open, ${d.note.slice(12)}`);
    else if (d.note) lines.push(`? duplicate ${what}: kept open, ${d.note}; planpilot will not close it again`);
    else if (d.action === 'kept') lines.push(`? duplicate ${what}: kept open (the run stopped before closing it)`);
    else if (d.action === 'failed') lines.push(`! close failed ${what}: ${d.error ?? ''}`);
  }
  for (const r of report.rollup ?? []) {
    const what = `#${r.number} ${r.id}`;
    if (r.action === 'closed') lines.push(`x ${report.dryRun ? 'close' : 'closed'} ${what} as completed: ${r.note}`);
    else if (r.action === 'reopened') lines.push(`o ${report.dryRun ? 'reopen' : 'reopened'} ${what}: ${r.note}`);
    else if (r.action === 'kept') lines.push(`? roll-up ${what}: ${r.note}`);
    else lines.push(`! roll-up failed ${what}: ${r.error ?? ''}`);
  }
  for (const r of report.likelyRenames) {
    lines.push(`? likely rename: orphan #${r.number} ${r.orphan} -> new ${r.item} (add previous_ids: [${r.orphan}])`);
  }
  return lines;
}

/**
 * The first word says how it ended: a run with failures (exit 1), stopped by the budget (exit 4) or interrupted
 * (exit 130, 143) did not sync.
 */
function headline(report: SyncReport): string {
  if (report.interrupted) {
    const rest = notDone(report) > 0 ? 'partly synced (a re-run picks up the rest)' : 'after it had synced';
    return `Interrupted by ${report.signal ?? 'a signal'}, ${rest}`;
  }
  if (report.dryRun) return 'Dry run of';
  if (report.exitCode === 1) return 'Partly synced (some items failed; a re-run picks them up)';
  if (report.exitCode === 4) return "Stopped by GitHub's rate limit, partly synced";
  return 'Synced';
}

/** Items and links that were not attempted (the budget ran out, or the run was interrupted). */
function notDone(report: SyncReport): number {
  return report.items.filter((item) => item.action === 'skipped').length + report.relations.skipped.length;
}

export function formatSummary(report: SyncReport): string[] {
  const kinds: ItemKind[] = ['epic', 'story', 'task'];
  const plural = { epic: 'epics', story: 'stories', task: 'tasks' } as const;
  const lines = [
    `${headline(report)} plan ${report.plan} ${report.dryRun ? 'against' : 'to'} ${report.repo} in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const kind of kinds) {
    const items = report.items.filter((item) => item.kind === kind);
    if (items.length === 0) continue;
    const count = (action: string) => items.filter((item) => item.action === action).length;
    const verbs = report.dryRun ? ['to create', 'to update'] : ['created', 'updated'];
    const unconfirmed = count('unconfirmed') > 0 ? `, ${count('unconfirmed')} may have been created` : '';
    lines.push(
      `  ${`${plural[kind]}:`.padEnd(9)}${count('created')} ${verbs[0]}, ${count('updated')} ${verbs[1]}, ${count('unchanged')} unchanged, ` +
        (report.interrupted
          ? `${count('failed')} failed, ${count('skipped')} not done`
          : `${count('failed') + count('skipped')} failed`) +
        unconfirmed,
    );
  }
  const r = report.relations;
  lines.push(
    `  links:   ${r.added.length} ${report.dryRun ? 'to add' : 'added'}, ${r.removed.length} ${report.dryRun ? 'to remove' : 'removed'}, ` +
      (report.interrupted
        ? `${r.failed.length} failed, ${r.skipped.length} not done`
        : `${r.failed.length + r.skipped.length} failed or skipped`),
  );
  const orphansOpen = report.orphans.filter((o) => o.action === 'kept').length;
  lines.push(
    `  orphans: ${report.orphans.length} (${report.orphans.filter((o) => o.action === 'closed').length} ${report.dryRun ? 'to close' : 'closed'}, ${orphansOpen} kept open)`,
  );
  if (report.project) {
    const p = report.project;
    lines.push(
      `  project: ${p.itemsAdded.length} ${report.dryRun ? 'to add' : 'added'}, ${p.itemsUpdated.length} ${report.dryRun ? 'to update' : 'updated'}, ${p.failed.length} failed`,
    );
  }
  const q = report.requests;
  lines.push(
    `  requests: ${q.total} (${q.reads} reads, ${q.writes} writes), ${q.retries} retries, ${q.rateLimitWaits} rate-limit waits (${(q.rateLimitWaitMs / 1000).toFixed(1)} s), paced ${(q.pacingWaitMs / 1000).toFixed(1)} s (${q.pacingWaits} held back)`,
  );
  const c = report.cost;
  lines.push(
    `  cost:    ${report.dryRun ? 'will make' : 'predicted'} ${c.requests.total} requests (${c.requests.reads} reads, ${c.requests.writes} writes, ${c.requests.contentCreating} content-creating); estimated ${formatDuration(c.etaSeconds)}` +
      (c.hourlyLimitWaitMinutes > 0
        ? ` (includes ${formatDuration(c.hourlyLimitWaitMinutes * 60)} for GitHub's 500 an hour limit)`
        : ''),
  );
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines;
}

/** Whether the run made (or, in a dry run, would make) any write: an item, a link, a close, a project value. */
export function hasPendingChanges(report: SyncReport): boolean {
  return (
    report.items.some((item) => item.action !== 'unchanged') ||
    report.relations.added.length + report.relations.removed.length > 0 ||
    report.orphans.some((o) => o.action === 'closed') ||
    report.duplicates.some((d) => d.action === 'closed') ||
    (report.project !== undefined && report.project.itemsAdded.length + report.project.itemsUpdated.length > 0) ||
    report.labelsCreated.length + report.milestonesCreated.length > 0
  );
}

/** `--quiet`: the headline with the counts of what changed, on one line. */
export function formatQuietSummary(report: SyncReport): string {
  const count = (action: string) => report.items.filter((item) => item.action === action).length;
  const verbs = report.dryRun ? ['to create', 'to update'] : ['created', 'updated'];
  const r = report.relations;
  const links = `links ${r.added.length} ${report.dryRun ? 'to add' : 'added'}, ${r.removed.length} ${report.dryRun ? 'to remove' : 'removed'}`;
  const closed = report.orphans.filter((o) => o.action === 'closed').length;
  return (
    `${formatSummary({ ...report, warnings: [] })[0]}: ${count('created')} ${verbs[0]}, ${count('updated')} ${verbs[1]}, ` +
    `${count('unchanged')} unchanged, ${count('failed') + count('skipped')} failed; ${links}` +
    (closed > 0 ? `; ${closed} orphans ${report.dryRun ? 'to close' : 'closed'}` : '')
  );
}

/** A field GitHub refused, with what to do about it. */
function refusalText(refusal: { field: string; value: string; reason: string }): string {
  const hint =
    refusal.field === 'assignees'
      ? ' (an assignee must be a collaborator of the repository, or a member of its organisation with access)'
      : refusal.field === 'body' && /too long/i.test(refusal.reason)
        ? " (people's text around the section leaves no room for the plan's: shorten it)"
        : '';
  return `GitHub refused ${refusal.field} ${refusal.value}: ${refusal.reason}${hint}`;
}
