/** The pure half of `planpilot import`: ids from titles, the tree → plan draft, and the YAML it is written as. */
import { describe, expect, it } from 'vitest';
import type { TreeIssue } from '../../src/github/tree-api.js';
import { buildDraft } from '../../src/import/build.js';
import { IdAllocator, planIdOf, slugOf } from '../../src/import/ids.js';
import type { IssueTree } from '../../src/import/read-tree.js';
import { planYaml } from '../../src/import/write-yaml.js';
import { parsePlan } from '../../src/plan/index.js';
import { remoteIssue } from './helpers.js';

function treeIssue(number: number, overrides: Partial<TreeIssue> = {}): TreeIssue {
  return {
    ...remoteIssue({ number, title: `Issue ${number}` }),
    repository: 'acme/shop',
    pullRequest: false,
    subIssueCount: 0,
    ...overrides,
  };
}

/** A tree from `parent → children` and `blocked → blockers` by number. */
function tree(
  issues: TreeIssue[],
  children: Record<number, number[]>,
  blockedBy: Record<number, number[]> = {},
): IssueTree {
  const nodes = new Map(issues.map((issue) => [issue.number, issue]));
  const below = new Set(Object.values(children).flat());
  return {
    nodes,
    roots: issues.map((issue) => issue.number).filter((n) => !below.has(n)),
    children: new Map(Object.entries(children).map(([k, v]) => [Number(k), v])),
    blockedBy: new Map(
      Object.entries(blockedBy).map(([k, v]) => [Number(k), v.map((n) => nodes.get(n) ?? treeIssue(n))]),
    ),
    leftOut: [],
    described: 'label "x"',
  };
}

const yamlOf = (t: IssueTree) => {
  const { draft, summary } = buildDraft(t, { planId: 'p', repo: 'acme/shop' });
  const text = planYaml(draft, { schemaPath: '../schema/plan.schema.json', header: [] });
  return { text, plan: parsePlan(text), summary };
};

describe('ids from titles', () => {
  it('are lower-case words joined by "-", without accents, cut at a word under 40 characters', () => {
    expect(slugOf('Checkout API')).toBe('checkout-api');
    expect(slugOf('  Überprüfung: Café & Crème! ')).toBe('uberprufung-cafe-creme');
    expect(slugOf('Implement POST /checkout (v2)')).toBe('implement-post-checkout-v2');
    const long = slugOf('Make the checkout page load in under one second on a slow phone');
    expect(long).toBe('make-the-checkout-page-load-in-under-one');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(slugOf('支払い')).toBe('');
  });

  it('are unique: repeats get -2, -3, and a title without Latin letters its number', () => {
    const ids = new IdAllocator();
    expect(['Setup', 'Setup', 'setup!', 'Setup 2', '支払い'].map((t, i) => ids.idFor(t, i + 1))).toEqual([
      'setup',
      'setup-2',
      'setup-3',
      'setup-2-2',
      'issue-5',
    ]);
  });

  it('plan ids fit [a-z0-9][a-z0-9-]{0,63}', () => {
    expect(planIdOf('Q3 2026')).toBe('q3-2026');
    expect(planIdOf('area/payments')).toBe('area-payments');
    expect(planIdOf('🚀')).toBe('imported');
  });
});

describe('the tree as a plan', () => {
  it('places roots as epics, then stories and tasks, and folds deeper levels into the task body', () => {
    const issues = [1, 2, 3, 4, 5].map((n) => treeIssue(n, { title: `Level ${n}` }));
    issues[4]!.state = 'closed';
    const { plan, summary } = yamlOf(tree(issues, { 1: [2], 2: [3], 3: [4], 4: [5] }));
    expect(plan.items.map((i) => [i.id, i.kind, i.issue])).toEqual([
      ['level-1', 'epic', 1],
      ['level-2', 'story', 2],
      ['level-3', 'task', 3],
    ]);
    expect(plan.items[2]!.body).toBe(
      '**Sub-issues below this task** (kept on GitHub; folded here by planpilot import):\n- [ ] #4 Level 4\n  - [x] #5 Level 5\n',
    );
    expect(summary.folded.map((f) => [f.number, f.into, f.level])).toEqual([
      [4, 'level-3', 1],
      [5, 'level-3', 2],
    ]);
  });

  it('keeps dependencies among items, reports the others, and cuts a cycle', () => {
    const issues = [1, 2, 3].map((n) => treeIssue(n, { title: `Item ${n}` }));
    const elsewhere = treeIssue(9, { repository: 'acme/infra' });
    const t = tree(issues, {}, { 1: [2], 2: [3], 3: [1, 7] });
    t.blockedBy.get(3)!.push(elsewhere, treeIssue(8, { pullRequest: true }));
    const { plan, summary } = yamlOf(t);
    expect(plan.items.map((i) => [i.id, i.dependsOn])).toEqual([
      ['item-1', ['item-2']],
      ['item-2', ['item-3']],
      ['item-3', []],
    ]);
    expect(summary.leftOut.map((l) => [l.number, l.reason, l.from])).toEqual([
      [7, 'dependency outside the imported issues', 3],
      [9, 'dependency in another repository', 3],
      [8, 'dependency on a pull request', 3],
      [1, 'dependency cycle', 3],
    ]);
    expect(summary.warnings.join('\n')).toContain('#3 and #1 block each other in a cycle');
  });

  it('writes labels every item has once, plan-wide; types by the majority of each kind', () => {
    const issues = [
      treeIssue(1, { labels: ['roadmap', 'q3'], type: 'Initiative' }),
      treeIssue(2, { labels: ['roadmap'], type: 'Story' }),
      treeIssue(3, { labels: ['roadmap', 'bug'], type: 'Bug' }),
      treeIssue(4, { labels: ['roadmap'], type: 'Task' }),
      treeIssue(5, { labels: ['roadmap'], type: 'Task' }),
    ];
    const { text, summary } = yamlOf(tree(issues, { 1: [2], 2: [3, 4, 5] }));
    expect(text).toContain('labels: [roadmap]\ntypes:\n  epic: Initiative\nepics:');
    expect(text).toContain('    labels: [q3]\n');
    expect(text).not.toContain('story: Story');
    expect(summary.warnings.join('\n')).toContain('the tasks are typed Task, but #3 (Bug) is typed otherwise');
  });

  it('writes every body as a literal block that loads back to the same text', () => {
    const bodies = [
      'One line.',
      '  Indented first line\nthen not',
      'Trailing spaces  \nand a tab\there',
      '# Heading\n\n---\n\n- [x] done\n- [ ] not: yet',
      'Quotes "double" and \'single\', a colon: here, {braces} [brackets] & *stars*',
      'Unicode: 支払い ✓ naïve\n\n\nThree blank lines above',
      'Ends with blank lines\n\n\n',
      'CRLF\r\nline endings\r\n',
    ];
    const issues = bodies.map((body, i) => treeIssue(i + 1, { body }));
    const { text, plan } = yamlOf(tree(issues, {}));
    expect(text.match(/body: \|/g)).toHaveLength(bodies.length);
    expect(plan.items.map((i) => i.body.trimEnd())).toEqual(bodies.map((b) => b.replace(/\r\n/g, '\n').trimEnd()));
  });

  it('starts with the schema comment and comments each item with its issue number', () => {
    const issues = [treeIssue(12, { title: 'Checkout', state: 'closed' })];
    const { text } = yamlOf(tree(issues, {}));
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/plan.schema.json');
    expect(text).toContain('  - id: checkout # #12 (closed)\n    title: Checkout\n    issue: 12\n');
  });
});
