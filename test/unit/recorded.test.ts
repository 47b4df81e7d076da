/** Adoption of the issues a plan records (`issue: N`): by number, before the title-based adoption, and safely. */
import { describe, expect, it } from 'vitest';
import type { RemoteIssue } from '../../src/github/api.js';
import { GITHUB_COM_FEATURES } from '../../src/github/server-features.js';
import { UsageError } from '../../src/index.js';
import { composeBody } from '../../src/sync/body/body.js';
import { classifyIssues } from '../../src/sync/discover/classify.js';
import { adoptIssues } from '../../src/sync/discover/recorded.js';
import { OfflineRemote, type RemoteReader } from '../../src/sync/discover/remote.js';
import { plan, remoteIssue } from './helpers.js';

/** A repository holding `issues`; counts how often all of them are listed. */
function repository(issues: RemoteIssue[]) {
  const calls = { listAll: 0 };
  const remote = {
    features: GITHUB_COM_FEATURES,
    listAllIssues: async () => {
      calls.listAll += 1;
      return issues;
    },
  } as unknown as RemoteReader;
  return { remote, calls };
}

const PLAN = `epics:
  - id: a
    title: Epic A
    issue: 5
    body: |
      What people wrote.
    stories:
      - id: b
        title: Story B
        issue: 6
`;

async function adopt(yaml: string, issues: RemoteIssue[], labelled: RemoteIssue[] = []) {
  const p = plan(yaml);
  const warnings: string[] = [];
  const { remote, calls } = repository(issues);
  const adopted = await adoptIssues(p, classifyIssues(labelled, p), remote, (m) => warnings.push(m));
  return { adopted, warnings, calls };
}

describe('adoptIssues', () => {
  it("takes each item's recorded issue; text the plan's body begins with moves into the section", async () => {
    const five = remoteIssue({ number: 5, title: 'Epic A', body: 'What people wrote.\r\n' });
    const six = remoteIssue({ number: 6, title: 'Story B', body: 'Their own notes.', parentNumber: 5 });
    const { adopted, warnings, calls } = await adopt(PLAN, [five, six]);
    expect([...adopted].map(([id, issue]) => [id, issue.number, issue.body])).toEqual([
      ['a', 5, ''],
      ['b', 6, 'Their own notes.'],
    ]);
    expect(calls.listAll).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('2 issue(s) named by the plan')]);
  });

  it('keeps only what a person added after the import as their text', async () => {
    const five = remoteIssue({ number: 5, body: 'What people wrote.\n\nAdded later.' });
    const six = remoteIssue({ number: 6 });
    const { adopted } = await adopt(PLAN, [five, six]);
    expect(adopted.get('a')?.body).toBe('Added later.');
  });

  it('reads nothing when every item has its issue by marker, and says when a marker and issue: disagree', async () => {
    const marked = (number: number, item: string) =>
      remoteIssue({ number, body: composeBody({ plan: 'demo', item }, 'x') });
    const { adopted, warnings, calls } = await adopt(PLAN, [], [marked(5, 'a'), marked(9, 'b')]);
    expect(adopted.size).toBe(0);
    expect(calls.listAll).toBe(0);
    expect(warnings).toEqual([expect.stringContaining('"b" records issue #6, but #9 carries its marker')]);
  });

  it("stops on a number that is no issue, or another plan's or item's", async () => {
    const other = remoteIssue({ number: 5, body: composeBody({ plan: 'other', item: 'x' }, 'theirs') });
    await expect(adopt(PLAN, [other])).rejects.toThrow(UsageError);
    await expect(adopt(PLAN, [other])).rejects.toThrow(
      /"a" records issue #5, but its marker says it is item "x" of plan "other"; "b" records issue #6, which is not an issue/,
    );
    const mine = remoteIssue({ number: 6, body: composeBody({ plan: 'demo', item: 'gone' }, 'old') });
    await expect(adopt(PLAN, [remoteIssue({ number: 5 }), mine], [mine])).rejects.toThrow(
      /"b" records issue #6, but its marker says it is item "gone" of this plan/,
    );
  });

  it('comes before adoption by title: a recorded issue is not taken by another item of its title', async () => {
    const yaml = `epics:
  - id: a
    title: Same
    issue: 5
  - id: c
    title: Same twin
`;
    const five = remoteIssue({ number: 5, title: 'Same twin', body: 'unmarked' });
    const { adopted } = await adopt(yaml, [five], [five]);
    expect([...adopted.keys()]).toEqual(['a']);
  });

  it('offline, checks nothing and adopts nothing, with a warning', async () => {
    const p = plan(PLAN);
    const warnings: string[] = [];
    const adopted = await adoptIssues(p, classifyIssues([], p), new OfflineRemote(p), (m) => warnings.push(m));
    expect(adopted.size).toBe(0);
    expect(warnings[0]).toContain('offline: the 2 issue: number(s) of the plan are not checked');
  });
});
