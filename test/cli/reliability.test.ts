/**
 * Faults, runs killed midway and concurrent runs: each ends, after a clean re-run at most, in the state a clean sync
 * makes, with no duplicate issue and no missing or extra link. And the token never shows, whatever fails.
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, type FaultRule, startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { markerOf, viewRepo, writesOf } from '../helpers/github-view.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, type SyncRun, syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

const EXAMPLE = 'plans/example.yaml';
const FAST = ['--pacing', 'off'];

let fake: FakeGitHub;
let clean: ReturnType<typeof normalized>;
const outputs: string[] = [];

/** The view without issue numbers (they depend on timing), over open issues only. */
function normalized(f: FakeGitHub) {
  const view = viewRepo(f.state, 'acme', 'shop', { openOnly: true });
  return Object.fromEntries(
    Object.entries(view).map(([id, v]) => [id, { ...v, number: 0, body: v.body.replace(/#\d+/g, '#?') }]),
  );
}

/** Every marker is on exactly one open issue. */
function openDuplicates(f: FakeGitHub): string[] {
  const seen = new Map<string, number>();
  for (const issue of f.state.issues('acme', 'shop')) {
    const marker = markerOf(issue.body);
    if (!marker || issue.state !== 'open') continue;
    const key = `${marker.plan}/${marker.item}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

async function record(run: Promise<SyncRun>): Promise<SyncRun> {
  const result = await run;
  outputs.push(result.stdout, result.stderr);
  return result;
}

beforeEach(async () => {
  if (!clean) {
    const reference = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
    expect((await syncCli(reference, EXAMPLE, FAST)).code).toBe(0);
    clean = normalized(reference);
    await reference.close();
  }
  fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
});
afterEach(async () => {
  await fake.close();
});

describe('faults: a sync under the fault, then a clean re-run, ends like a clean sync', () => {
  const cases: [string, FaultRule[]][] = [
    [
      '5xx bursts on reads and writes',
      [
        { kind: 'status502', rate: 0.15 },
        { kind: 'status503', rate: 0.05 },
      ],
    ],
    ['dropped connections', [{ kind: 'drop', rate: 0.1 }]],
    [
      'a 502 after the fake created the issue',
      [{ kind: 'applied-then-502', route: 'POST /repos/{owner}/{repo}/issues', rate: 0.3 }],
    ],
    ['a 502 after the fake made the link', [{ kind: 'applied-then-502', route: /sub_issues|blocked_by/, rate: 0.3 }]],
    [
      'secondary-limit 403s and 429s with retry-after',
      [
        { kind: 'secondary-403', retryAfter: 1, count: 2 },
        { kind: 'secondary-429', retryAfter: 1, count: 2, skip: 40 },
      ],
    ],
  ];
  for (const [name, faults] of cases) {
    it(name, async () => {
      fake.setFaults(faults);
      const faulty = await record(syncCli(fake, EXAMPLE, FAST));
      expect([0, 1]).toContain(faulty.code);
      fake.setFaults([]);
      const rerun = await record(syncCli(fake, EXAMPLE, FAST));
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(openDuplicates(fake)).toEqual([]);
      expect(fake.state.issues('acme', 'shop').filter((i) => i.state === 'open')).toHaveLength(30);
      expect(normalized(fake)).toEqual(clean);
      const final = await record(syncCli(fake, EXAMPLE, FAST));
      expect(writesOf(final.requests)).toBe(0);
    });
  }

  it('a create answered 502 after it was applied is found by its marker, not made twice', async () => {
    fake.setFaults([{ kind: 'applied-then-502', route: 'POST /repos/{owner}/{repo}/issues', count: 3 }]);
    const run = await record(syncCli(fake, EXAMPLE, FAST));
    expect(run.code, run.stderr).toBe(0);
    expect(fake.state.issues('acme', 'shop')).toHaveLength(30);
    expect(normalized(fake)).toEqual(clean);
  });

  it('timeouts on writes are retried or finished by the re-run', async () => {
    fake.setFaults([{ kind: 'timeout', method: 'PATCH', count: 1 }]);
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    const run = await record(syncCli(fake, plan, [], { PLANPILOT_REQUEST_TIMEOUT_MS: '500' }));
    expect([0, 1]).toContain(run.code);
    fake.setFaults([]);
    expect((await record(syncCli(fake, plan))).code).toBe(0);
    expect(Object.keys(viewRepo(fake.state))).toHaveLength(6);
    expect(openDuplicates(fake)).toEqual([]);
  });
});

describe('the primary rate limit', () => {
  it('too small a budget: refused before any write, exit 4, reset time named', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    fake.setRateLimit({ limit: 5000, remaining: 20, resetEpochSeconds: reset });
    const run = await record(syncCli(fake, EXAMPLE, FAST));
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(new Date(reset * 1000).toISOString());
    expect(run.stderr).toContain('--wait-for-budget');
    expect(writesOf(fake.requests)).toBe(0);
  });

  it('spent midway with a far reset: stops with exit 4, and a re-run after the reset finishes without duplicates', async () => {
    fake.setFaults([{ kind: 'primary-limit', skip: 50, count: 1 }]);
    fake.setRateLimit({ resetEpochSeconds: Math.floor(Date.now() / 1000) + 3000 });
    const run = await record(syncCli(fake, EXAMPLE, FAST));
    expect(run.code).toBe(4);
    expect(run.report.items.filter((i) => i.action === 'skipped' || i.action === 'failed').length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/rate limit/i);
    fake.setFaults([]);
    fake.setRateLimit({ remaining: 5000 });
    const rerun = await record(syncCli(fake, EXAMPLE, FAST));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(openDuplicates(fake)).toEqual([]);
    expect(normalized(fake)).toEqual(clean);
  });
});

describe('access problems: exit 3 before any write, with a message that says what to do', () => {
  const cases: [string, Parameters<typeof startFakeGitHub>[0], RegExp][] = [
    ['401 bad token', { tokens: ['ghp_other0000000000000000000000000000000'] }, /rejected the token/],
    [
      '403 no write permission',
      { repos: [{ owner: 'acme', name: 'shop', permissions: { admin: false, push: false, pull: true } }] },
      /cannot write|issues: write/,
    ],
    ['404 repository', { repos: [{ owner: 'acme', name: 'elsewhere' }] }, /was not found/],
    ['410 issues disabled', { repos: [{ owner: 'acme', name: 'shop', hasIssues: false }] }, /disabled/],
  ];
  for (const [name, options, message] of cases) {
    it(name, async () => {
      await fake.close();
      fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT], ...options });
      const run = await runCli(['sync', EXAMPLE, '--repo', 'acme/shop', '--token', TEST_TOKEN, '--api-url', fake.url]);
      outputs.push(run.stdout, run.stderr);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(writesOf(fake.requests)).toBe(0);
    });
  }
});

describe('a token whose labels GitHub drops', () => {
  it('stops after the first phase with exit 3 and says which issue to fix, rather than duplicate later', async () => {
    await fake.close();
    // Permissions all false: the role says nothing, so the sync starts; GitHub then drops the labels of the create.
    fake = await startFakeGitHub({
      projects: [EXAMPLE_PROJECT],
      repos: [{ owner: 'acme', name: 'shop', permissions: { admin: false, push: false, pull: false } }],
    });
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    const run = await record(syncCli(fake, plan));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/dropped its labels/);
    expect(run.stderr).toMatch(/Add the label "planpilot" to #\d+/);
    // Only the epics phase ran.
    expect(fake.requests.filter((r) => r.route === 'POST /repos/{owner}/{repo}/issues')).toHaveLength(1);
  });
});

describe('killed midway (the B105 plan: 105 items, 60 dependencies, 343 requests on a first sync)', () => {
  const B105 = 'plans/b105.yaml';
  let cleanB105: ReturnType<typeof normalized>;

  /** Starts a sync and SIGKILLs it when the fake has received `after` requests. */
  function syncAndKill(after: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/planpilot.js', 'sync', B105, '--repo', 'acme/shop', ...FAST], {
        env: { PATH: process.env.PATH, GITHUB_TOKEN: TEST_TOKEN, GITHUB_API_URL: fake.url },
      });
      let seen = 0;
      const stop = fake.onRequest(() => {
        seen += 1;
        if (seen === after) child.kill('SIGKILL');
      });
      child.on('error', reject);
      child.on('close', () => {
        stop();
        resolve();
      });
    });
  }

  // Spread over every phase: discovery (~6), epics, stories, tasks (creates up to ~117), the re-list, enrichment
  // (up to ~190), links (up to ~343).
  for (const after of [4, 12, 40, 100, 125, 160, 200, 260, 330]) {
    it(`after ${after} requests, a re-run completes it exactly`, async () => {
      if (!cleanB105) {
        const reference = await startFakeGitHub();
        expect((await syncCli(reference, B105, FAST)).code).toBe(0);
        cleanB105 = normalized(reference);
        await reference.close();
      }
      fake.setLatency(1);
      await syncAndKill(after);
      fake.setLatency(0);
      const rerun = await record(syncCli(fake, B105, FAST));
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(fake.state.issues('acme', 'shop')).toHaveLength(105);
      expect(normalized(fake)).toEqual(cleanB105);
    });
  }
});

describe('two runs at once', () => {
  it('leave no open duplicate and every link right', async () => {
    fake.setLatency(3, 3);
    const [a, b] = await Promise.all([record(syncCli(fake, EXAMPLE, FAST)), record(syncCli(fake, EXAMPLE, FAST))]);
    expect([0, 1]).toContain(a.code);
    expect([0, 1]).toContain(b.code);
    fake.setLatency(0);
    expect(openDuplicates(fake)).toEqual([]);
    expect(normalized(fake)).toEqual(clean);
    const closed = fake.state.issues('acme', 'shop').filter((i) => i.state === 'closed');
    // Every issue made beyond one per item was closed as a duplicate, by one run or the other.
    const createdByBoth = [a, b].reduce((n, r) => n + r.report.items.filter((i) => i.action === 'created').length, 0);
    expect(fake.state.issues('acme', 'shop')).toHaveLength(30 + closed.length);
    expect(createdByBoth).toBeLessThanOrEqual(30 + closed.length);
    for (const issue of closed) {
      expect(issue.stateReason).toBe('duplicate');
      expect(issue.body).toMatch(/^Duplicate of #\d+/);
      expect(issue.parentId).toBeNull();
      expect(issue.blockedByIds).toEqual([]);
    }
    const rerun = await record(syncCli(fake, EXAMPLE, FAST));
    expect(writesOf(rerun.requests)).toBe(0);
  });
});

it('no output of any of these runs contains the token', () => {
  expect(outputs.length).toBeGreaterThan(20);
  for (const output of outputs) expect(output).not.toContain(TEST_TOKEN);
});
