/** planpilot owns only its section of each body: people's words around it survive every sync. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { viewRepo, writesOf } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let plan: string;
let dir: string;
beforeEach(async () => {
  fake = await startFakeGitHub();
  dir = tempDir();
  plan = writePlan(dir, 'plan.yaml', SMALL_PLAN);
  expect((await syncCli(fake, plan)).code).toBe(0);
});
afterEach(async () => {
  await fake.close();
});

const issueOf = (item: string) => {
  const number = viewRepo(fake.state)[item]!.number;
  return fake.state.issue('acme', 'shop', number)!;
};
const editBody = (item: string, edit: (body: string) => string) => {
  const issue = issueOf(item);
  fake.state.updateIssue('acme', 'shop', issue.number, { body: edit(issue.body ?? '') });
};

describe('body ownership', () => {
  it("a person's note below the section survives an edit of the plan's body for that item", async () => {
    editBody('e1', (body) => `${body}\n\n> Reviewer: legal must sign off first.`);
    writePlan(dir, 'plan.yaml', SMALL_PLAN.replace('The first epic.', 'The first epic, reworded.'));
    const run = await syncCli(fake, plan);
    expect(run.code).toBe(0);
    expect(run.report.items.find((i) => i.id === 'e1')).toMatchObject({ action: 'updated', changes: ['body'] });
    const body = issueOf('e1').body ?? '';
    expect(body).toContain('The first epic, reworded.');
    expect(body).not.toContain('The first epic.\n');
    expect(body.endsWith('\n\n> Reviewer: legal must sign off first.')).toBe(true);
  });

  it('a note above the section stays above it', async () => {
    editBody('s1', (body) => `Context from the kickoff call.\n\n${body}`);
    writePlan(
      dir,
      'plan.yaml',
      SMALL_PLAN.replace('title: Story one', 'title: Story one\n        body: Now with a body.'),
    );
    expect((await syncCli(fake, plan)).code).toBe(0);
    const body = issueOf('s1').body ?? '';
    expect(body.startsWith('Context from the kickoff call.\n\n<!-- planpilot:begin')).toBe(true);
    expect(body).toContain('Now with a body.');
  });

  it('a ticked checkbox in the children list survives a re-run, at zero writes', async () => {
    editBody('s1', (body) => body.replace('- [ ] #', '- [x] #'));
    const run = await syncCli(fake, plan);
    expect(writesOf(run.requests)).toBe(0);
    expect(issueOf('s1').body).toMatch(/- \[x\] #\d+/);
    // And it survives a rewrite of the section for another reason.
    writePlan(dir, 'plan.yaml', SMALL_PLAN.replace('title: Story one', 'title: Story one\n        body: Added later.'));
    expect((await syncCli(fake, plan)).code).toBe(0);
    expect(issueOf('s1').body).toMatch(/Added later\.[\s\S]*- \[x\] #\d+/);
  });

  it('an edit inside the section is reverted and reported as "overwrote manual edit", in a dry run too', async () => {
    editBody('e1', (body) => body.replace('The first epic.', 'The first epic (edited by hand).'));
    const dry = await syncCli(fake, plan, ['--dry-run']);
    expect(dry.report.items.find((i) => i.id === 'e1')).toMatchObject({
      action: 'updated',
      changes: ['body'],
      note: 'overwrote manual edit',
    });
    expect(dry.stderr).toContain('[overwrote manual edit]');
    expect(writesOf(dry.requests)).toBe(0);
    const run = await syncCli(fake, plan);
    expect(run.report.items.find((i) => i.id === 'e1')?.note).toBe('overwrote manual edit');
    expect(issueOf('e1').body).toContain('The first epic.');
    expect(issueOf('e1').body).not.toContain('edited by hand');
  });

  it('a body rewritten without the markers keeps its text, gets a fresh section appended, and is reported', async () => {
    editBody('t1', () => 'I rewrote this whole description.');
    // The issue keeps the label but lost its marker: it is taken back by its title, not duplicated.
    const run = await syncCli(fake, plan);
    expect(run.code).toBe(0);
    expect(run.report.items.find((i) => i.id === 't1')).toMatchObject({
      action: 'updated',
      note: 'markers missing: appended a fresh section',
    });
    expect(fake.state.issues('acme', 'shop')).toHaveLength(6);
    const body = issueOf('t1').body ?? '';
    expect(body.startsWith('I rewrote this whole description.\n\n<!-- planpilot:begin plan=small item=t1')).toBe(true);
    const after = await syncCli(fake, plan);
    expect(writesOf(after.requests)).toBe(0);
  });

  it('after all of that, an unchanged plan makes zero writes', async () => {
    editBody('e1', (body) => `${body}\n\nA note.`);
    editBody('s1', (body) => body.replace('- [ ] #', '- [X] #'));
    editBody('t2', (body) => `Above.\n\n${body}`);
    const run = await syncCli(fake, plan);
    expect(writesOf(run.requests)).toBe(0);
    expect(run.report.items.every((i) => i.action === 'unchanged')).toBe(true);
  });
});
