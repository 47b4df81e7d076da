/**
 * When GitHub cannot be reached or stops answering: the run ends soon, says why in words, and its report is right
 * about what was written.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { closedPort } from '../helpers/closed-port.js';
import { markerOf, writesOf } from '../helpers/github-view.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

describe('GitHub unreachable', () => {
  it('a closed port: exit 3 after two attempts, naming the URL, the cause and where to look', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    // The default retry unit (1 s × n²) and request deadline: what a user gets.
    const run = await runCli(['sync', plan, '--repo', 'acme/shop', '--json'], {
      GITHUB_TOKEN: TEST_TOKEN,
      GITHUB_API_URL: url,
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`planpilot: Cannot reach GitHub at ${url}: connection refused`);
    expect(run.stderr).toContain('2 attempts, nothing was changed');
    expect(run.stderr).toMatch(/--api-url/);
    expect(run.stderr).toMatch(/\/api\/v3/);
    expect(run.stderr).toMatch(/HTTPS_PROXY/);
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 3, error: expect.stringContaining('connection refused') });
  });
});

describe('GitHub stops answering', () => {
  let fake: FakeGitHub;
  afterEach(async () => {
    await fake?.close();
  });
  const CREATE = 'POST /repos/{owner}/{repo}/issues';
  // Each attempt's deadline: the whole stall is bounded by 3 of them (0.9 s) without any answer.
  const SHORT = { PLANPILOT_REQUEST_TIMEOUT_MS: '300' };
  const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
  let reference: FakeGitHub['requests'];
  // A clean sync first: its requests locate the phases, and it warms the fake up (its first write compiles the
  // OpenAPI validator, which takes longer than the short deadline).
  beforeAll(async () => {
    const clean = await startFakeGitHub();
    expect((await syncCli(clean, plan)).code).toBe(0);
    reference = clean.requests;
    await clean.close();
  });

  it('mid-run: stops after the stall limit, logs that it waits, and reports unanswered creates as unconfirmed, not failed', async () => {
    // Where the stories phase begins: every request from its first create on takes effect and is never answered.
    const stallAt = reference.findIndex((r) => r.route === CREATE && /^Story/.test(titleOf(r)));
    fake = await startFakeGitHub({ faults: [{ kind: 'stall', skip: stallAt }] });

    const run = await syncCli(fake, plan, [], SHORT);
    expect(run.code, run.stderr).toBe(1);
    // Off a terminal, a line on stderr says it is waiting, and for how long at most.
    expect(run.stderr).toMatch(/Waiting for GitHub: POST \/repos\/\{owner\}\/\{repo\}\/issues got no answer/);
    expect(run.stderr).toMatch(/planpilot stops after 0\.9 s without one/);
    // The two story creates, then at most one marker lookup each (none when the limit passes before they start);
    // nothing after the stall limit is sent.
    const afterStall = run.requests.slice(stallAt).map((r) => r.route);
    expect(afterStall.slice(0, 2)).toEqual([CREATE, CREATE]);
    expect(afterStall.slice(2).every((route) => route === 'GET /repos/{owner}/{repo}/issues')).toBe(true);
    expect(afterStall.length).toBeLessThanOrEqual(4);
    const actions = Object.fromEntries(run.report.items.map((i) => [i.id, i.action]));
    expect(actions).toEqual({
      e1: 'created',
      s1: 'unconfirmed',
      s2: 'unconfirmed',
      t1: 'skipped',
      t2: 'skipped',
      t3: 'skipped',
    });
    // The report is right about what was written: both stories exist, and nothing reported failed or skipped does.
    const made = fake.state.issues('acme', 'shop').map((issue) => markerOf(issue.body)?.item);
    expect(made.sort()).toEqual(['e1', 's1', 's2']);
    for (const item of run.report.items.filter((i) => i.action === 'failed' || i.action === 'skipped')) {
      expect(made).not.toContain(item.id);
    }
    expect(run.report.items.find((i) => i.id === 's1')?.error).toMatch(/^may have been created/);
    expect(run.stdout + run.stderr).toMatch(/\? unconfirmed story s1: may have been created/);
    expect(run.stderr).toMatch(/2 may have been created/);

    // GitHub answers again: the re-run finds both stories by their markers and creates only the tasks.
    fake.setFaults([]);
    const rerun = await syncCli(fake, plan);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.requests.filter((r) => r.route === CREATE).map(titleOf)).toEqual([
      'Task one',
      'Task two',
      'Task three',
    ]);
    expect(fake.state.issues('acme', 'shop')).toHaveLength(6);
  });

  it('a create whose last attempt took effect unanswered is found by its marker, not reported failed', async () => {
    // The epic's first two creates time out unapplied; the third is applied and never answered.
    fake = await startFakeGitHub({
      faults: [
        { kind: 'timeout', route: CREATE, count: 2 },
        { kind: 'stall', route: CREATE, count: 1 },
      ],
    });
    const run = await syncCli(fake, plan, [], SHORT);
    expect(run.code, run.stderr).toBe(0);
    expect(run.requests.filter((r) => r.route === CREATE && titleOf(r) === 'Epic one')).toHaveLength(3);
    expect(run.report.items.find((i) => i.id === 'e1')).toMatchObject({ action: 'created', number: 1 });
    expect(fake.state.issues('acme', 'shop')).toHaveLength(6);
  });

  it('from the first request: exit 3 after the stall limit, nothing changed, in a bounded number of attempts', async () => {
    fake = await startFakeGitHub({ faults: [{ kind: 'stall' }] });
    const run = await syncCli(fake, plan, [], SHORT);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/planpilot: GitHub at http:\/\/127\.0\.0\.1:\d+ has not answered for [\d.]+ s/);
    expect(run.stderr).toMatch(/Nothing was changed/);
    expect(writesOf(run.requests)).toBe(0);
    // At most 3 attempts of each request in flight (a first attempt and two retries fill the 3-deadline limit).
    expect(run.requests.length).toBeLessThanOrEqual(3 * 5);
  });
});

function titleOf(request: { body: unknown }): string {
  return (request.body as { title?: string } | undefined)?.title ?? '';
}
