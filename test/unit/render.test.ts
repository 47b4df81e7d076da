import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/plan/index.js';
import { parseBody } from '../../src/sync/body/body.js';
import { type RenderContext, renderSection } from '../../src/sync/body/render.js';
import { itemOf, plan } from './helpers.js';

function item(overrides: Partial<PlanItem> = {}): PlanItem {
  return {
    id: 's1',
    previousIds: [],
    kind: 'story',
    title: 'Story',
    body: '',
    labels: [],
    dependsOn: [],
    fields: {},
    ...overrides,
  };
}

function context(numbers: Record<string, number>, children: Record<string, string[]> = {}): RenderContext {
  return { numberOf: (id) => numbers[id], childrenOf: (id) => children[id] ?? [] };
}

describe('renderSection', () => {
  it('renders an item with no body and no relatives as the empty string', () => {
    expect(renderSection(item(), context({}))).toBe('');
  });

  it('renders the body alone, trimmed', () => {
    expect(renderSection(item({ body: '\n\n  Hello world\n\n' }), context({}))).toBe('Hello world');
  });

  it('renders a whitespace-only body as nothing', () => {
    expect(renderSection(item({ body: ' \n\t\n' }), context({ e1: 1 }))).toBe('');
  });

  it('renders the parent line', () => {
    expect(renderSection(item({ parent: 'e1' }), context({ e1: 7 }))).toBe('**Parent:** #7');
  });

  it('renders blockers in the plan order, comma separated', () => {
    expect(renderSection(item({ dependsOn: ['b', 'a', 'c'] }), context({ a: 1, b: 20, c: 3 }))).toBe(
      '**Blocked by:** #20, #1, #3',
    );
  });

  it('renders the children as a task list', () => {
    expect(renderSection(item(), context({ t1: 4, t2: 5 }, { s1: ['t1', 't2'] }))).toBe(
      '**Sub-issues:**\n- [ ] #4\n- [ ] #5',
    );
  });

  it('renders body, a rule, then parent, blockers and children separated by blank lines', () => {
    const rendered = renderSection(
      item({ body: 'What the story is.\n', parent: 'e1', dependsOn: ['s0'] }),
      context({ e1: 1, s0: 2, t1: 3, t2: 4 }, { s1: ['t1', 't2'] }),
    );
    expect(rendered).toBe(
      'What the story is.\n\n---\n**Parent:** #1\n\n**Blocked by:** #2\n\n**Sub-issues:**\n- [ ] #3\n- [ ] #4',
    );
  });

  it('renders links without a rule when there is no body', () => {
    expect(renderSection(item({ parent: 'e1', dependsOn: ['x'] }), context({ e1: 1, x: 9 }))).toBe(
      '**Parent:** #1\n\n**Blocked by:** #9',
    );
  });

  it('leaves out relatives without a number yet', () => {
    const ctx = context({ b: 2, t2: 5 }, { s1: ['t1', 't2', 't3'] });
    expect(renderSection(item({ body: 'Body', parent: 'e1', dependsOn: ['a', 'b'] }), ctx)).toBe(
      'Body\n\n---\n**Blocked by:** #2\n\n**Sub-issues:**\n- [ ] #5',
    );
  });

  it('leaves out every link line, and the rule, when no relative has a number', () => {
    const ctx = context({}, { s1: ['t1'] });
    expect(renderSection(item({ body: 'Body', parent: 'e1', dependsOn: ['a'] }), ctx)).toBe('Body');
  });

  it('renders the same text for the same item and numbers', () => {
    const it1 = item({ body: 'B', parent: 'e1', dependsOn: ['a'] });
    const ctx = context({ e1: 1, a: 2, t: 3 }, { s1: ['t'] });
    expect(renderSection(it1, ctx)).toBe(renderSection(it1, ctx));
  });

  it('turns CRLF of the body into LF', () => {
    expect(renderSection(item({ body: 'a\r\nb\r\n' }), context({ e1: 1 }))).toBe('a\nb');
    expect(renderSection(item({ body: 'a\r\nb\r\n', parent: 'e1' }), context({ e1: 1 }))).toBe(
      'a\nb\n\n---\n**Parent:** #1',
    );
  });

  it('neutralizes planpilot markers written in the body, so the section parses as intact', () => {
    const body = 'See <!-- planpilot:end --> and\n<!-- planpilot:begin plan=demo item=x hash=ab -->';
    const rendered = renderSection(item({ body }), context({}));
    expect(rendered).toBe(
      'See <!-- planpilot (quoted):end --> and\n<!-- planpilot (quoted):begin plan=demo item=x hash=ab -->',
    );
    const wrapped = `<!-- planpilot:begin plan=demo item=s1 hash=00 -->\n${rendered}\n<!-- planpilot:end -->`;
    expect(parseBody(wrapped).section?.content).toBe(rendered);
  });

  it('keeps unicode and the body checkboxes as written', () => {
    expect(renderSection(item({ body: 'Résumé ✓ 🚀\n- [x] done\n- [ ] todo' }), context({}))).toBe(
      'Résumé ✓ 🚀\n- [x] done\n- [ ] todo',
    );
  });

  it('renders an item of a parsed plan', () => {
    const p = plan(`epics:
  - id: e1
    title: Epic
    body: |
      Epic body
    stories:
      - id: s1
        title: Story
        depends_on: [s2]
      - id: s2
        title: Other
`);
    const ctx = context({ e1: 10, s1: 11, s2: 12 }, { e1: ['s1', 's2'] });
    expect(renderSection(itemOf(p, 'e1'), ctx)).toBe('Epic body\n\n---\n**Sub-issues:**\n- [ ] #11\n- [ ] #12');
    expect(renderSection(itemOf(p, 's1'), ctx)).toBe('**Parent:** #10\n\n**Blocked by:** #12');
  });
});
