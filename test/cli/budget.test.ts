/** Knowing the budget before spending it: predicted cost, the primary budget, the hourly content-creation budget. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pacer } from '../../src/github/pacer.js';
import { createGitHubClient, loadPlanFile, sync } from '../../src/index.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { markerOf, viewRepo, writesOf } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  await fake.close();
});

describe('cost prediction', () => {
  it("a dry run's predicted requests equal what the real sync then makes, read by read and write by write", async () => {
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    const dry = await syncCli(fake, plan, ['--dry-run']);
    expect(writesOf(dry.requests)).toBe(0);
    const real = await syncCli(fake, plan);
    expect(real.code).toBe(0);
    expect(dry.report.cost.requests).toEqual({
      total: real.requests.length,
      reads: real.requests.filter((r) => r.method === 'GET').length,
      writes: writesOf(real.requests),
      contentCreating: real.requests.filter((r) => r.method === 'POST').length,
    });
    expect(dry.stdout + dry.stderr).toMatch(/cost: {4}will make \d+ requests/);
    // After an edit too.
    const edited = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN.replace('Task two', 'Task 2').replace('[t1]', '[]'));
    const dryEdit = await syncCli(fake, edited, ['--dry-run']);
    const realEdit = await syncCli(fake, edited);
    expect(dryEdit.report.cost.requests.writes).toBe(writesOf(realEdit.requests));
    expect(dryEdit.report.cost.requests.total).toBe(realEdit.requests.length);
  });
});

describe('the primary budget', () => {
  it('--wait-for-budget waits for a near reset with a countdown, then syncs', async () => {
    // The reset is 3 s after the CLI's first request, however long the CLI takes to start.
    fake.setRateLimit({ limit: 5000, remaining: 5, resetSecondsAfterNextRequest: 3 });
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    const run = await syncCli(fake, plan, ['--wait-for-budget']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/only \d+ of 5000 remain/);
    expect(run.stderr).toMatch(/\d+ s until the rate limit resets/);
    expect(Object.keys(viewRepo(fake.state))).toHaveLength(6);
  });
});

describe('--wait-for-budget when the reset has passed but the budget is still low', () => {
  it('checks again after growing pauses and gives up after 10 minutes of them with exit 4, nothing written', async () => {
    const past = Math.floor(Date.now() / 1000) - 30;
    fake.setRateLimit({ limit: 5000, remaining: 10, resetEpochSeconds: past, staleReset: true });
    // The old loop never slept: let it out after 200 checks, so the counts below fail instead of hanging.
    const checks = () => fake.requests.filter((r) => r.route === 'GET /rate_limit').length;
    fake.onRequest(() => {
      if (checks() === 200) fake.setRateLimit({ remaining: 5000, staleReset: false });
    });
    const sleeps: number[] = [];
    const logs: string[] = [];
    const plan = await loadPlanFile(writePlan(tempDir(), 'plan.yaml', SMALL_PLAN));
    const client = createGitHubClient({ token: TEST_TOKEN, apiUrl: fake.url, maxConcurrency: 5, pacing: 'off' });
    const run = sync(plan, {
      repo: 'acme/shop',
      client,
      waitForBudget: true,
      log: (message) => logs.push(message),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await expect(run).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringMatching(/due to reset at .*still had not restored the budget after 10 min of checks/),
    });
    expect(checks()).toBe(10);
    expect(sleeps).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 120_000, 120_000, 120_000, 85_000]);
    expect(logs).toHaveLength(9);
    expect(logs[0]).toMatch(/has passed but GitHub has not restored the budget\. Checking again in 5 s/);
    expect(writesOf(fake.requests)).toBe(0);
  });
});

describe("GitHub's hourly content-creation budget", () => {
  it('runs out midway: exit 4 at a consistent point, then a re-run completes with no duplicate', async () => {
    const plan = await loadPlanFile(writePlan(tempDir(), 'plan.yaml', SMALL_PLAN));
    const client = (pacer: Pacer) =>
      createGitHubClient({ token: TEST_TOKEN, apiUrl: fake.url, maxConcurrency: 5, pacing: 'github', pacer });
    // 5 POSTs left this hour: the 2 labels and 3 issues fit, the rest does not.
    const first = await sync(plan, {
      repo: 'acme/shop',
      client: client(new Pacer({ limits: { contentCreationsPerHour: 5 }, onHourlyLimit: 'stop' })),
    });
    expect(first.exitCode).toBe(4);
    const notDone = first.items.filter((i) => i.action === 'skipped' || i.action === 'failed');
    expect(notDone.length).toBeGreaterThan(0);
    expect(notDone.every((i) => /content-creating requests an hour/.test(i.error ?? ''))).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(5);

    const second = await sync(plan, { repo: 'acme/shop', client: client(new Pacer()) });
    expect(second.exitCode).toBe(0);
    const markers = fake.state.issues('acme', 'shop').map((issue) => markerOf(issue.body)?.item);
    expect(new Set(markers).size).toBe(6);
    expect(markers).toHaveLength(6);
    const view = viewRepo(fake.state);
    expect(view.t2?.parent).toBe('s1');
    expect(view.t2?.blockedBy).toEqual(['t1']);
    expect(view.s2?.blockedBy).toEqual(['s1']);
  });
});
