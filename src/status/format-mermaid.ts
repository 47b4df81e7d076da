/**
 * The status as a mermaid flowchart (GitHub renders ```mermaid blocks in Markdown): epics, stories and tasks as
 * nodes, solid arrows from parent to child, dotted arrows from a blocker to what it blocks, each node coloured by
 * its progress (`classDef`) and linked to its issue (`click`).
 */
import { progressWords } from './format-text.js';
import type { Progress, StatusReport } from './report.js';

/** Node classes by progress, in GitHub's own light palette. */
const CLASSES: Record<Progress, { name: string; style: string }> = {
  done: { name: 'done', style: 'fill:#dafbe1,stroke:#1a7f37,color:#1f2328' },
  'in progress': { name: 'inProgress', style: 'fill:#fff8c5,stroke:#9a6700,color:#1f2328' },
  blocked: { name: 'blocked', style: 'fill:#ffebe9,stroke:#cf222e,color:#1f2328' },
  todo: { name: 'todo', style: 'fill:#ddf4ff,stroke:#0969da,color:#1f2328' },
  'not created': { name: 'notCreated', style: 'fill:#f6f8fa,stroke:#8c959f,color:#59636e,stroke-dasharray:4 3' },
};

/**
 * Text inside a quoted mermaid label, as mermaid's entity codes (`#quot;`, `#35;`): quotes would end the label,
 * brackets and braces could be read as node shapes, `#` and `;` as the start and end of an entity, `<` as HTML.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/["#;<>&[\](){}|`\\]/g, (char) => (char === '"' ? '#quot;' : `#${char.charCodeAt(0)};`));
}

export function formatStatusMermaid(report: StatusReport): string[] {
  // Node ids are made up: item ids may contain dots and hyphens, or be mermaid keywords such as `end`.
  const node = new Map(report.items.map((item, index) => [item.id, `n${index}`]));
  const lines = ['flowchart TD'];
  for (const item of report.items) {
    const label = [
      item.number === null ? item.title : `#${item.number} ${item.title}`,
      progressWords(item.progress),
      ...(item.rollup && item.rollup.total > 0 ? [`${item.rollup.closed}/${item.rollup.total}`] : []),
    ].join(' · ');
    lines.push(`  ${node.get(item.id)}["${mermaidText(label)}"]`);
  }
  for (const item of report.items) {
    if (item.parent !== null) lines.push(`  ${node.get(item.parent)} --> ${node.get(item.id)}`);
  }
  for (const item of report.items) {
    for (const blocker of item.dependsOn) lines.push(`  ${node.get(blocker)} -.-> ${node.get(item.id)}`);
  }
  for (const { name, style } of Object.values(CLASSES)) lines.push(`  classDef ${name} ${style}`);
  for (const [progress, { name }] of Object.entries(CLASSES)) {
    const members = report.items.filter((item) => item.progress === progress).map((item) => node.get(item.id));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${name}`);
  }
  for (const item of report.items) {
    if (item.url) lines.push(`  click ${node.get(item.id)} "${item.url.replace(/"/g, '%22')}" _blank`);
  }
  return lines;
}
