/**
 * The status as a tree for the terminal: one line per item under its parent, with its issue and link, its state,
 * assignees, the project's Status, blockers, and the roll-up of epics and stories (a bar on a terminal). Shared
 * pieces (the tree order, the roll-up bar, the drift sentence) are used by the Markdown view too.
 */
import pc from 'picocolors';
import type { StatusDrift, StatusItem, StatusReport } from './report.js';

/** Items in tree order (each parent before its children, children in plan order), with their depth. */
export function treeOrder(items: readonly StatusItem[]): { item: StatusItem; depth: number; last: boolean[] }[] {
  const children = new Map<string | null, StatusItem[]>();
  for (const item of items) children.set(item.parent, [...(children.get(item.parent) ?? []), item]);
  const ordered: { item: StatusItem; depth: number; last: boolean[] }[] = [];
  const visit = (parent: string | null, last: boolean[]) => {
    const kids = children.get(parent) ?? [];
    kids.forEach((item, index) => {
      const path = [...last, index === kids.length - 1];
      ordered.push({ item, depth: last.length, last: path });
      visit(item.id, path);
    });
  };
  visit(null, []);
  return ordered;
}

/** `███░░░░░░░ 3/10`: the share of closed children, ten cells wide. */
export function rollupBar(rollup: { closed: number; total: number }): string {
  const width = 10;
  const filled = Math.round((rollup.closed / rollup.total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${rollup.closed}/${rollup.total}`;
}

export function totalsLine(report: StatusReport): string {
  const t = report.totals;
  const parts = [
    `${t.done} of ${t.items} items done`,
    ...(t.inProgress > 0 ? [`${t.inProgress} in progress`] : []),
    ...(t.blocked > 0 ? [`${t.blocked} blocked`] : []),
    ...(t.todo > 0 ? [`${t.todo} to do`] : []),
    ...(t.notCreated > 0 ? [`${t.notCreated} not on GitHub yet`] : []),
  ];
  return parts.join(', ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What `planpilot sync` would change, in one sentence. */
export function driftSentence(drift: StatusDrift): string {
  if (drift.inSync) return 'GitHub matches the plan: a sync would change nothing.';
  const parts = [
    ...(drift.toCreate > 0 ? [`create ${plural(drift.toCreate, 'issue')}`] : []),
    ...(drift.toUpdate > 0 ? [`update ${plural(drift.toUpdate, 'issue')}`] : []),
    ...(drift.linksToAdd > 0 ? [`add ${plural(drift.linksToAdd, 'link')}`] : []),
    ...(drift.linksToRemove > 0 ? [`remove ${plural(drift.linksToRemove, 'link')}`] : []),
    ...(drift.labelsToCreate > 0 ? [`create ${plural(drift.labelsToCreate, 'label')}`] : []),
    ...(drift.milestonesToCreate > 0 ? [`create ${plural(drift.milestonesToCreate, 'milestone')}`] : []),
    ...(drift.project && drift.project.toAdd > 0 ? [`add ${plural(drift.project.toAdd, 'project item')}`] : []),
    ...(drift.project && drift.project.toUpdate > 0
      ? [`set the fields of ${plural(drift.project.toUpdate, 'project item')}`]
      : []),
  ];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'write');
  return `planpilot sync would ${list}.`;
}

/** A progress as a person reads it: `to do` rather than the report's `todo`. */
export function progressWords(progress: StatusItem['progress']): string {
  return progress === 'todo' ? 'to do' : progress;
}

export function stateWords(item: StatusItem): string {
  if (item.state === 'not created') return 'not on GitHub yet';
  return item.stateReason && item.state === 'closed' ? `closed (${item.stateReason})` : item.state;
}

/** How an item names its blockers: `t1 (#4)`, or the id alone when the blocker has no issue yet. */
export function blockerWords(report: StatusReport, item: StatusItem): string {
  const number = new Map(report.items.map((i) => [i.id, i.number]));
  return item.blockedBy.map((id) => (number.get(id) ? `${id} (#${number.get(id)})` : id)).join(', ');
}

export interface TextOptions {
  /** A terminal: colours and roll-up bars. */
  tty: boolean;
}

export function formatStatusText(report: StatusReport, options: TextOptions): string[] {
  const paint: Record<StatusItem['progress'], (text: string) => string> = options.tty
    ? { done: pc.green, 'in progress': pc.yellow, blocked: pc.red, todo: (t) => t, 'not created': pc.dim }
    : { done: (t) => t, 'in progress': (t) => t, blocked: (t) => t, todo: (t) => t, 'not created': (t) => t };
  const lines = [`Plan "${report.plan}" in ${report.repo}: ${totalsLine(report)}.`, ''];
  for (const { item, depth, last } of treeOrder(report.items)) {
    const prefix = last
      .slice(1, -1)
      .map((isLast) => (isLast ? '   ' : '│  '))
      .join('');
    const branch = depth === 0 ? '' : last.at(-1) ? '└─ ' : '├─ ';
    const parts = [
      `${item.id}: ${item.title}`,
      paint[item.progress](item.number === null ? stateWords(item) : `#${item.number} ${stateWords(item)}`),
      ...(item.assignees.length > 0 ? [item.assignees.map((login) => `@${login}`).join(' ')] : []),
      ...(item.projectStatus ? [`Status: ${item.projectStatus}`] : []),
      ...(item.blockedBy.length > 0 ? [paint.blocked(`blocked by ${blockerWords(report, item)}`)] : []),
      ...(item.rollup && item.rollup.total > 0
        ? [options.tty ? rollupBar(item.rollup) : `${item.rollup.closed}/${item.rollup.total} closed`]
        : []),
      ...(item.url ? [item.url] : []),
    ];
    lines.push(`${prefix}${branch}${parts.join(' · ')}`);
  }
  const drift = report.drift;
  lines.push('', `Drift: ${driftSentence(drift)}`);
  if (drift.notCreated.length > 0) lines.push(`  not on GitHub yet: ${drift.notCreated.join(', ')}`);
  for (const update of drift.updates) {
    lines.push(`  ~ #${update.number ?? '?'} ${update.id}: ${update.changes.join(', ')}`);
  }
  for (const orphan of drift.orphans) {
    const advice = orphan.state === 'open' ? '; sync --prune closes it' : '';
    lines.push(`  ? orphan #${orphan.number} ${orphan.id} (${orphan.state}): no longer in the plan${advice}`);
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines;
}
