/**
 * The status as Markdown: a heading, the totals, one table row per item (indented under its parent), and the drift.
 * Fit for a README, a pull-request comment or the Action's job summary. Text from the plan or GitHub is escaped so
 * it cannot break the table or inject HTML.
 */

import {
  blockerWords,
  driftSentence,
  progressWords,
  rollupBar,
  stateWords,
  totalsLine,
  treeOrder,
} from './format-text.js';
import type { StatusItem, StatusReport } from './report.js';

/** Escapes a table cell: pipes, HTML, and the characters that start Markdown links or emphasis. */
export function markdownCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\|[\]*_`])/g, '\\$1');
}

function stateCell(report: StatusReport, item: StatusItem): string {
  const words = markdownCell(stateWords(item));
  if (item.progress === 'blocked') return `${words}, blocked by ${markdownCell(blockerWords(report, item))}`;
  if (item.progress === 'in progress' || item.progress === 'todo') return `${words} (${progressWords(item.progress)})`;
  return words;
}

export function formatStatusMarkdown(report: StatusReport): string[] {
  const withProject = report.items.some((item) => item.projectStatus !== undefined);
  const header = ['Item', 'Issue', 'State', 'Assignees', ...(withProject ? ['Status'] : []), 'Progress'];
  const lines = [
    `### planpilot status: \`${markdownCell(report.plan)}\` in ${markdownCell(report.repo)}`,
    '',
    `${markdownCell(totalsLine(report))}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
  ];
  for (const { item, depth } of treeOrder(report.items)) {
    const title = `${'&emsp;'.repeat(depth)}${depth === 0 ? `**${markdownCell(item.title)}**` : markdownCell(item.title)} \`${item.id}\``;
    const cells = [
      title,
      item.number === null ? '—' : item.url ? `[#${item.number}](${item.url})` : `#${item.number}`,
      stateCell(report, item),
      item.assignees.map((login) => `@${markdownCell(login)}`).join(' '),
      ...(withProject ? [markdownCell(item.projectStatus ?? '')] : []),
      item.rollup && item.rollup.total > 0 ? rollupBar(item.rollup) : '',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const drift = report.drift;
  lines.push('', `**Drift:** ${markdownCell(driftSentence(drift))}`);
  const details = [
    ...(drift.notCreated.length > 0
      ? [`Not on GitHub yet: ${drift.notCreated.map((id) => `\`${id}\``).join(', ')}`]
      : []),
    ...drift.updates.map(
      (u) => `${u.number === null ? '' : `#${u.number} `}\`${u.id}\`: ${markdownCell(u.changes.join(', '))}`,
    ),
    ...drift.orphans.map((o) => `[#${o.number}](${o.url}) \`${o.id}\` (${o.state}): no longer in the plan`),
  ];
  if (details.length > 0) lines.push('', ...details.map((line) => `- ${line}`));
  return lines;
}
