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
