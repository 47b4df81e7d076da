/** The status views over hand-built reports: escaping for mermaid and Markdown, tree order, the terminal's bars. */
import { describe, expect, it } from 'vitest';
import { markdownCell } from '../../src/status/format-markdown.js';
import { formatStatusMermaid, mermaidText } from '../../src/status/format-mermaid.js';
import { formatStatusText, rollupBar, treeOrder } from '../../src/status/format-text.js';
import type { StatusItem, StatusReport } from '../../src/status/report.js';

function item(overrides: Partial<StatusItem> & { id: string }): StatusItem {
  return {
    kind: 'task',
    title: overrides.id,
    parent: null,
    number: null,
    url: null,
    state: 'not created',
    stateReason: null,
    assignees: [],
    progress: 'not created',
    dependsOn: [],
    blockedBy: [],
    ...overrides,
  };
}

function report(items: StatusItem[]): StatusReport {
  return {
    plan: 'demo',
    repo: 'acme/shop',
    items,
    totals: { items: items.length, done: 0, blocked: 0, inProgress: 0, todo: 0, notCreated: items.length },
    drift: {
      inSync: true,
      toCreate: 0,
      toUpdate: 0,
      linksToAdd: 0,
      linksToRemove: 0,
      labelsToCreate: 0,
      milestonesToCreate: 0,
      notCreated: [],
      updates: [],
      orphans: [],
    },
    warnings: [],
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
    exitCode: 0,
  };
}

describe('status views', () => {
  it('mermaid labels escape quotes, brackets, braces, #, ;, < and > as entity codes', () => {
    expect(mermaidText('Say "hi" [now] {x} (y) #3; <b> a|b `c`\nnext')).toBe(
      'Say #quot;hi#quot; #91;now#93; #123;x#125; #40;y#41; #35;3#59; #60;b#62; a#124;b #96;c#96; next',
    );
  });

  it('mermaid node ids are made up, so item ids such as `end` or `a.b-c` cannot break the chart', () => {
    const lines = formatStatusMermaid(
      report([item({ id: 'end', kind: 'epic' }), item({ id: 'a.b-c', parent: 'end', dependsOn: ['end'] })]),
    );
    expect(lines.slice(0, 5)).toEqual([
      'flowchart TD',
      '  n0["end · not created"]',
      '  n1["a.b-c · not created"]',
      '  n0 --> n1',
      '  n0 -.-> n1',
    ]);
    expect(lines.filter((line) => line.startsWith('  click'))).toEqual([]);
  });

  it('Markdown cells escape pipes, HTML and link or emphasis characters', () => {
    expect(markdownCell('a | b <script> [x](y) *z* _w_ `v`')).toBe(
      'a \\| b &lt;script&gt; \\[x\\](y) \\*z\\* \\_w\\_ \\`v\\`',
    );
  });

  it('orders the tree parent first and draws roll-up bars on a terminal only', () => {
    const items = [
      item({ id: 'e', kind: 'epic', rollup: { closed: 1, total: 2 } }),
      item({ id: 'e2', kind: 'epic' }),
      item({ id: 's', kind: 'story', parent: 'e', rollup: { closed: 3, total: 10 } }),
      item({ id: 't', parent: 's' }),
      item({ id: 's2', kind: 'story', parent: 'e' }),
    ];
    expect(treeOrder(items).map(({ item: i, depth }) => `${depth}${i.id}`)).toEqual(['0e', '1s', '2t', '1s2', '0e2']);
    expect(rollupBar({ closed: 3, total: 5 })).toBe('██████░░░░ 3/5');
    const tty = formatStatusText(report(items), { tty: true }).join('\n');
    expect(tty).toContain('█████░░░░░ 1/2');
    expect(formatStatusText(report(items), { tty: false }).join('\n')).toContain('· 1/2 closed');
  });
});
