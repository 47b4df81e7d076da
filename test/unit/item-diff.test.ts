import { describe, expect, it } from 'vitest';
import type { ItemKind, PlanItem } from '../../src/plan/index.js';
import { composeBody, sectionHash } from '../../src/sync/body/body.js';
import { createFields, type DesiredContext, desiredLabels, diffIssue } from '../../src/sync/diff/item-diff.js';
import { itemOf, plan, remoteIssue } from './helpers.js';

const p = plan(`labels: [roadmap]
epics:
  - id: e1
    title: Epic one
    body: |
      Epic body
    labels: [area/x]
    milestone: Q3
    assignees: [octocat, Hubot]
    stories:
      - id: s1
        title: Story one
        depends_on: [s2]
      - id: s2
        title: Story two
        body: "- [ ] check A\\n- [ ] check B"
`);
const e1 = itemOf(p, 'e1');
const s1 = itemOf(p, 's1');
const s2 = itemOf(p, 's2');

const typing = (kind: ItemKind): { type: string } | { label: string } =>
  kind === 'story' ? { label: 'type:story' } : { type: kind === 'epic' ? 'Epic' : 'Task' };

function ctx(overrides: Partial<DesiredContext> = {}): DesiredContext {
  const numbers: Record<string, number> = { e1: 1, s1: 2, s2: 3 };
  const children: Record<string, string[]> = { e1: ['s1', 's2'] };
  return {
    planId: 'demo',
    previousPlanIds: [],
    managedLabel: 'planpilot',
    typing,
    milestoneNumber: (title) => (title === 'Q3' ? 30 : undefined),
    render: { numberOf: (id) => numbers[id], childrenOf: (id) => children[id] ?? [] },
    ...overrides,
  };
}

const E1_SECTION = 'Epic body\n\n---\n**Sub-issues:**\n- [ ] #2\n- [ ] #3';
const S1_SECTION = '**Parent:** #1\n\n**Blocked by:** #3';
const S2_SECTION = '- [ ] check A\n- [ ] check B\n\n---\n**Parent:** #1';
const section = (item: string, content: string, hash = sectionHash(content, { plan: 'demo', item })) =>
  `<!-- planpilot:begin plan=demo item=${item} hash=${hash} -->\n${content}\n<!-- planpilot:end -->`;

/** The issue of e1 exactly as the plan wants it. */
function e1Issue(overrides: Partial<Parameters<typeof remoteIssue>[0]> = {}) {
  return remoteIssue({
    number: 1,
    title: 'Epic one',
    body: section('e1', E1_SECTION),
    labels: ['planpilot', 'roadmap', 'area/x'],
    assignees: ['octocat', 'Hubot'],
    milestone: { number: 30, title: 'Q3' },
    type: 'Epic',
    ...overrides,
  });
}

function s1Issue(overrides: Partial<Parameters<typeof remoteIssue>[0]> = {}) {
  return remoteIssue({
    number: 2,
    title: 'Story one',
    body: section('s1', S1_SECTION),
    labels: ['planpilot', 'roadmap', 'type:story'],
    ...overrides,
  });
}

describe('desiredLabels', () => {
  it('is the managed label, then the item labels, for a kind typed by issue type', () => {
    expect(desiredLabels(e1, ctx())).toEqual(['planpilot', 'roadmap', 'area/x']);
  });

  it('adds the fallback type label for a kind typed by label', () => {
    expect(desiredLabels(s1, ctx())).toEqual(['planpilot', 'roadmap', 'type:story']);
  });

  it('drops repeats ignoring case, keeping the first spelling', () => {
    const item: PlanItem = { ...s1, labels: ['PlanPilot', 'Bug', 'bug', 'Ünïcode', 'üNÏCODE', 'TYPE:Story'] };
    expect(desiredLabels(item, ctx())).toEqual(['planpilot', 'Bug', 'Ünïcode', 'TYPE:Story']);
  });

  it('is the managed label alone for an item without labels', () => {
    expect(desiredLabels({ ...e1, labels: [] }, ctx())).toEqual(['planpilot']);
  });
});

describe('createFields', () => {
  it('sends title, composed body, labels, assignees, milestone number and type', () => {
    expect(createFields(e1, ctx())).toStrictEqual({
      title: 'Epic one',
      body: section('e1', E1_SECTION),
      labels: ['planpilot', 'roadmap', 'area/x'],
      assignees: ['octocat', 'Hubot'],
      milestone: 30,
      type: 'Epic',
    });
  });

  it('leaves out assignees, milestone and type when the plan does not own them', () => {
    expect(createFields(s1, ctx())).toStrictEqual({
      title: 'Story one',
      body: section('s1', S1_SECTION),
      labels: ['planpilot', 'roadmap', 'type:story'],
    });
  });

  it('sends a null milestone while the milestone does not exist yet', () => {
    expect(createFields(e1, ctx({ milestoneNumber: () => undefined })).milestone).toBeNull();
  });

  it('sends an empty assignee list when the plan says none', () => {
    expect(createFields({ ...s1, assignees: [] }, ctx()).assignees).toEqual([]);
  });

  it('renders relatives without numbers out of the body', () => {
    const fields = createFields(e1, ctx({ render: { numberOf: () => undefined, childrenOf: () => ['s1'] } }));
    expect(fields.body).toBe(section('e1', 'Epic body'));
  });
});

describe('diffIssue: unchanged', () => {
  it('finds nothing to change on an issue that matches the plan', () => {
    expect(diffIssue(e1, e1Issue(), ctx())).toStrictEqual({ changes: [], patch: {} });
    expect(diffIssue(s1, s1Issue(), ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('ignores people text around the section', () => {
    const issue = e1Issue({ body: `Notes from the team\n\n${section('e1', E1_SECTION)}\n\nMore notes ✓` });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('compares bodies after normalising line endings', () => {
    const issue = e1Issue({ body: `Top\n${section('e1', E1_SECTION)}\nBottom`.replace(/\n/g, '\r\n') });
    expect(issue.body).toContain('\r\n- [ ] #2\r\n');
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('does not rewrite a section where a person ticked boxes', () => {
    const ticked = E1_SECTION.replace('- [ ] #3', '- [x] #3');
    const issue = e1Issue({ body: section('e1', ticked) });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({ changes: [], patch: {} });
    const s2Ticked = remoteIssue({
      number: 3,
      title: 'Story two',
      body: section('s2', S2_SECTION.replace('[ ] check B', '[X] check B')),
      labels: ['planpilot', 'roadmap', 'type:story'],
    });
    expect(diffIssue(s2, s2Ticked, ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('matches labels, and assignees, ignoring case and order, and keeps extra labels', () => {
    const issue = e1Issue({
      labels: ['AREA/X', 'person-label', 'Roadmap', 'PLANPILOT'],
      assignees: ['hubot', 'OctoCat'],
    });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('leaves assignees to people when the plan does not give them', () => {
    expect(diffIssue(s1, s1Issue({ assignees: ['someone'] }), ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('leaves the milestone to people when the plan does not give one', () => {
    const issue = s1Issue({ milestone: { number: 9, title: 'Later' } });
    expect(diffIssue(s1, issue, ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('does not compare the type when the server does not report types', () => {
    expect(diffIssue(e1, e1Issue({ type: undefined }), ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('does not compare the type for a kind typed by label', () => {
    expect(diffIssue(s1, s1Issue({ type: 'Bug' }), ctx())).toStrictEqual({ changes: [], patch: {} });
    expect(diffIssue(s1, s1Issue({ type: null }), ctx())).toStrictEqual({ changes: [], patch: {} });
  });
});

describe('diffIssue: changes', () => {
  it('puts the plan title back', () => {
    expect(diffIssue(e1, e1Issue({ title: 'Epic one (edited)' }), ctx())).toStrictEqual({
      changes: ['title'],
      patch: { title: 'Epic one' },
    });
  });

  it('compares titles exactly: case, whitespace and unicode', () => {
    for (const title of ['epic one', 'Epic one ', 'Epic  one', 'Épic one']) {
      expect(diffIssue(e1, e1Issue({ title }), ctx()).changes).toEqual(['title']);
    }
  });

  it('rewrites the section when the plan changed, keeping people text before and after', () => {
    const issue = e1Issue({ body: `Top\n\n${section('e1', 'Old body')}\nBottom ✓` });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: `Top\n\n${section('e1', E1_SECTION)}\nBottom ✓` },
    });
  });

  it('rewrites a section whose numbers changed', () => {
    const c = ctx({ render: { numberOf: (id) => ({ e1: 1, s2: 33 })[id], childrenOf: () => [] } });
    expect(diffIssue(s1, s1Issue(), c)).toStrictEqual({
      changes: ['body'],
      patch: { body: section('s1', '**Parent:** #1\n\n**Blocked by:** #33') },
    });
  });

  it('keeps ticks on unchanged lines when the plan changed other lines', () => {
    const current = S2_SECTION.replace('[ ] check A', '[x] check A');
    const issue = remoteIssue({
      number: 3,
      title: 'Story two',
      body: section('s2', current),
      labels: desiredLabels(s2, ctx()),
    });
    const c = ctx({ render: { numberOf: (id) => ({ e1: 100 })[id], childrenOf: () => [] } });
    expect(diffIssue(s2, issue, c)).toStrictEqual({
      changes: ['body'],
      patch: { body: section('s2', '- [x] check A\n- [ ] check B\n\n---\n**Parent:** #100') },
    });
  });

  it('says it overwrote a manual edit inside the section', () => {
    const edited = `${E1_SECTION}\nA line a person added`;
    const issue = e1Issue({ body: section('e1', edited, sectionHash(E1_SECTION, { plan: 'demo', item: 'e1' })) });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: section('e1', E1_SECTION) },
      note: 'overwrote manual edit',
    });
  });

  it('says it overwrote a manual edit when both the plan and the person changed the section', () => {
    const issue = e1Issue({
      body: section('e1', 'Person text', sectionHash('Old plan text', { plan: 'demo', item: 'e1' })),
    });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: section('e1', E1_SECTION) },
      note: 'overwrote manual edit',
    });
  });

  it('fixes a stale hash without a note when the content is already what the plan says', () => {
    const issue = e1Issue({ body: `Top\n${section('e1', E1_SECTION, 'deadbeef0000')}` });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: `Top\n${section('e1', E1_SECTION)}` },
    });
  });

  it('writes LF line endings when it rewrites a CRLF body', () => {
    const issue = e1Issue({ body: `Top\n\n${section('e1', 'Old')}\nBottom`.replace(/\n/g, '\r\n') });
    expect(diffIssue(e1, issue, ctx()).patch.body).toBe(`Top\n\n${section('e1', E1_SECTION)}\nBottom`);
  });

  it('appends a fresh section under people text when the markers are missing', () => {
    const issue = e1Issue({ body: 'A person rewrote this\r\n\r\n\r\n' });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: `A person rewrote this\n\n${section('e1', E1_SECTION)}` },
      note: 'markers missing: appended a fresh section',
    });
  });

  it('writes the section alone when the body is empty', () => {
    expect(diffIssue(e1, e1Issue({ body: '' }), ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: section('e1', E1_SECTION) },
      note: 'markers missing: appended a fresh section',
    });
    expect(diffIssue(e1, e1Issue({ body: ' \n\n ' }), ctx()).patch.body).toBe(section('e1', E1_SECTION));
  });

  it('keeps the old section text as people text and appends a fresh one when the end marker is gone', () => {
    const issue = e1Issue({ body: `Top\n<!-- planpilot:begin plan=demo item=e1 hash=abc -->\nOld section\n` });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: `Top\nOld section\n\n${section('e1', E1_SECTION)}` },
      note: 'markers damaged: appended a fresh section',
    });
  });

  it('keeps a pasted copy of the section as people text after the section', () => {
    const copy = section('e1', 'Old');
    const issue = e1Issue({ body: `${copy}\n\n${copy}` });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['body'],
      patch: { body: `${section('e1', E1_SECTION)}\n\n${copy}` },
    });
    const upToDate = e1Issue({ body: `${section('e1', E1_SECTION)}\n${section('e1', E1_SECTION)}` });
    expect(diffIssue(e1, upToDate, ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('adds missing labels after the issue own ones, never removing any', () => {
    const issue = e1Issue({ labels: ['Roadmap', 'person-label'] });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['labels'],
      patch: { labels: ['Roadmap', 'person-label', 'planpilot', 'area/x'] },
    });
  });

  it('adds every desired label to an issue without labels', () => {
    expect(diffIssue(s1, s1Issue({ labels: [] }), ctx())).toStrictEqual({
      changes: ['labels'],
      patch: { labels: ['planpilot', 'roadmap', 'type:story'] },
    });
  });

  it('sets the plan assignees when the sets differ', () => {
    for (const assignees of [[], ['octocat'], ['octocat', 'hubot', 'extra'], ['someone', 'else']]) {
      expect(diffIssue(e1, e1Issue({ assignees }), ctx())).toStrictEqual({
        changes: ['assignees'],
        patch: { assignees: ['octocat', 'Hubot'] },
      });
    }
  });

  it('clears assignees when the plan gives an empty list', () => {
    expect(diffIssue({ ...s1, assignees: [] }, s1Issue({ assignees: ['someone'] }), ctx())).toStrictEqual({
      changes: ['assignees'],
      patch: { assignees: [] },
    });
    expect(diffIssue({ ...s1, assignees: [] }, s1Issue(), ctx())).toStrictEqual({ changes: [], patch: {} });
  });

  it('sets the milestone by number when the issue has none or another one', () => {
    for (const milestone of [null, { number: 9, title: 'Q4' }, { number: 30, title: 'q3' }]) {
      expect(diffIssue(e1, e1Issue({ milestone }), ctx())).toStrictEqual({
        changes: ['milestone'],
        patch: { milestone: 30 },
      });
    }
  });

  it('sends a null milestone while the plan milestone does not exist yet', () => {
    expect(diffIssue(e1, e1Issue({ milestone: null }), ctx({ milestoneNumber: () => undefined }))).toStrictEqual({
      changes: ['milestone'],
      patch: { milestone: null },
    });
  });

  it('sets the type when the issue has none or another one', () => {
    for (const type of [null, 'Bug', 'epic']) {
      expect(diffIssue(e1, e1Issue({ type }), ctx())).toStrictEqual({ changes: ['type'], patch: { type: 'Epic' } });
    }
  });

  it('lists every change in a stable order', () => {
    const issue = remoteIssue({ number: 1, title: 'Other', body: 'x', labels: [], type: 'Bug' });
    expect(diffIssue(e1, issue, ctx())).toStrictEqual({
      changes: ['title', 'body', 'labels', 'assignees', 'milestone', 'type'],
      patch: {
        title: 'Epic one',
        body: `x\n\n${section('e1', E1_SECTION)}`,
        labels: ['planpilot', 'roadmap', 'area/x'],
        assignees: ['octocat', 'Hubot'],
        milestone: 30,
        type: 'Epic',
      },
      note: 'markers missing: appended a fresh section',
    });
  });

  it('writes the body of an issue whose marker names this item with the identity of the item', () => {
    const body = composeBody({ plan: 'demo', item: 'e1' }, 'stale');
    expect(diffIssue(e1, e1Issue({ body }), ctx()).patch.body).toBe(section('e1', E1_SECTION));
  });
});
