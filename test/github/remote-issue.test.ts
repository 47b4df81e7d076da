/** How GitHub's issue objects are read: keys real answers omit are not mistaken for "unknown", nor the reverse. */
import { describe, expect, it } from 'vitest';
import { toRemoteIssue } from '../../src/github/api.js';

/** The keys of a github.com issue answer that planpilot reads, as recorded answers have them. */
const base = {
  id: 3001,
  node_id: 'I_kwDOAAAB',
  number: 7,
  title: 'Checkout API',
  body: 'text',
  state: 'open',
  labels: [{ name: 'planpilot' }],
  assignees: [],
  milestone: null,
  type: null,
  html_url: 'https://github.com/acme/shop/issues/7',
  repository_url: 'https://api.github.com/repos/acme/shop',
  created_at: '2026-01-01T00:00:00Z',
};

describe('toRemoteIssue', () => {
  it('reads a missing parent_issue_url as "no parent" when the issue carries sub_issues_summary', () => {
    const issue = toRemoteIssue({ ...base, sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 } });
    expect(issue.parentNumber).toBeNull();
  });

  it('reads the parent from parent_issue_url, and -1 for a parent in another repository', () => {
    const summary = { sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 } };
    expect(
      toRemoteIssue({ ...base, ...summary, parent_issue_url: 'https://api.github.com/repos/acme/shop/issues/3' })
        .parentNumber,
    ).toBe(3);
    expect(
      toRemoteIssue({ ...base, ...summary, parent_issue_url: 'https://api.github.com/repos/acme/web/issues/3' })
        .parentNumber,
    ).toBe(-1);
  });

  it('says nothing of the parent when the server reports no sub-issues at all', () => {
    expect(toRemoteIssue(base).parentNumber).toBeUndefined();
  });

  it('keeps the node id for GraphQL and tells an untyped issue from a server without types', () => {
    expect(toRemoteIssue(base)).toMatchObject({ nodeId: 'I_kwDOAAAB', type: null, milestone: null });
    const { type: _type, ...withoutTypes } = base;
    expect(toRemoteIssue(withoutTypes).type).toBeUndefined();
  });
});
