/**
 * The Action's log (issue 18), through the bundle as the runner runs it: each change once, a line as each phase
 * starts, the totals at the end; and every input error names the input (as action.yml spells it), exit 2.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { type GitHubContext, runActionAsRunner } from '../helpers/action-runner.js';
import { SMALL_PLAN, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let github: GitHubContext;
let plan: string;
beforeEach(async () => {
  fake = await startFakeGitHub();
  github = { token: TEST_TOKEN, api_url: fake.url, repository: 'acme/shop' };
  const dir = tempDir();
  plan = writePlan(dir, 'small.yaml', SMALL_PLAN);
});
afterEach(async () => {
  await fake.close();
});

/** The log as a person reads it: without the runner's commands (::add-mask::, ::set-output and the like). */
const logLines = (stdout: string) => stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::'));

describe("the Action's log", () => {
  it('says each change once, a line per phase, and ends with the totals', async () => {
    const run = await runActionAsRunner({ plan, pacing: 'off' }, { github, env: { GITHUB_WORKSPACE: '/' } });
    expect(run.code, run.stdout).toBe(0);
    const lines = logLines(run.stdout);
    expect(lines.filter((line) => /\be1\b/.test(line) && !line.includes('linked'))).toEqual([
      '+ created #1 epic e1 "Epic one"',
    ]);
    expect(lines.filter((line) => line.includes('updated #'))).toEqual([]);
    expect(new Set(lines).size, 'no line twice').toBe(lines.length);
    expect(lines).toContain('phase relations: 7 links');
    expect(lines.at(0)).toBe("phase discover: reading the repository's issues");
    const summary = lines.findIndex((line) => line.startsWith('Synced plan small to acme/shop in '));
    expect(summary).toBeGreaterThan(0);
    expect(lines.slice(summary + 1, summary + 5)).toEqual([
      '  epics:   1 created, 0 updated, 0 unchanged, 0 failed',
      '  stories: 2 created, 0 updated, 0 unchanged, 0 failed',
      '  tasks:   3 created, 0 updated, 0 unchanged, 0 failed',
      '  links:   7 added, 0 removed, 0 failed or skipped',
    ]);
    expect(lines.at(-1)).toMatch(/^ {2}cost: +predicted \d+ requests/);
  });
});

describe('input errors name the input', () => {
  const cases: [string, string, string][] = [
    ['max-concurrency', 'x', 'Invalid input: max-concurrency must be'],
    ['pacing', 'fast', 'Invalid input: pacing must be github or off'],
    ['label', 'a,b', 'Invalid input: label must be'],
    ['max-prune', '-1', 'Invalid input: max-prune must be'],
    ['api-url', 'http://example.com', 'Invalid input: api-url '],
    ['repo', 'nope', 'Invalid input: repo: "nope" is not a repository'],
    ['dry-run', 'maybe', 'Invalid input: dry-run must be true or false'],
    ['prune', 'yes', 'Invalid input: prune must be true or false'],
    ['relabel', '1', 'Invalid input: relabel must be true or false'],
    ['separate-plan', 'on', 'Invalid input: separate-plan must be true or false'],
    ['wait-for-budget', 'y', 'Invalid input: wait-for-budget must be true or false'],
  ];
  for (const [name, value, message] of cases) {
    it(`${name}: ${value}`, async () => {
      const run = await runActionAsRunner({ plan, [name]: value }, { github, env: { GITHUB_WORKSPACE: '/' } });
      expect(run.code, run.stdout).toBe(2);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toEqual([expect.stringContaining(message)]);
      expect(run.stdout).not.toMatch(/--[a-z]/);
      expect(fake.requests).toHaveLength(0);
    });
  }
});
