/**
 * Interrupts (issue 17): SIGINT or SIGTERM at many points of a first sync of the B105 plan (105 items, 343
 * requests), through the built CLI against the fake GitHub. The signal is sent when the fake has answered N
 * requests, with the fake frozen until the CLI says it stopped, so "after the signal" is exact (helpers/interrupt.ts).
 */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncReport } from '../../src/sync/report/report.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { markerOf, viewRepo } from '../helpers/github-view.js';
import { interruptWhen, settled, syncAndInterrupt } from '../helpers/interrupt.js';
import { syncCli, TEST_TOKEN } from '../helpers/sync-cli.js';

// Each test is two B105 syncs (and the first, a third for the reference state): room for a loaded machine.
vi.setConfig({ testTimeout: 90_000 });

const B105 = 'plans/b105.yaml';
const FAST = ['--pacing', 'off'];
const CODE = { SIGINT: 130, SIGTERM: 143 } as const;

let fake: FakeGitHub;
let clean: ReturnType<typeof normalized> | undefined;

function normalized(f: FakeGitHub) {
  const view = viewRepo(f.state, 'acme', 'shop', { openOnly: true });
  return Object.fromEntries(
    Object.entries(view).map(([id, v]) => [id, { ...v, number: 0, body: v.body.replace(/#\d+/g, '#?') }]),
  );
}

/** Item id → its issues' numbers, over every issue of the fake (open or not). */
function issuesByItem(f: FakeGitHub): Map<string, number[]> {
  const byItem = new Map<string, number[]>();
  for (const issue of f.state.issues('acme', 'shop')) {
    const marker = markerOf(issue.body);
    if (marker) byItem.set(marker.item, [...(byItem.get(marker.item) ?? []), issue.number]);
  }
  return byItem;
}

async function cleanState() {
  if (!clean) {
    const reference = await startFakeGitHub();
    expect((await syncCli(reference, B105, FAST)).code).toBe(0);
    clean = normalized(reference);
    await reference.close();
  }
  return clean;
}

/** The re-run finishes the sync: exit 0, one issue per item, the state a clean sync makes. */
async function expectRerunConverges() {
  const rerun = await syncCli(fake, B105, FAST);
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(fake.state.issues('acme', 'shop')).toHaveLength(105);
  expect([...issuesByItem(fake).values()].filter((numbers) => numbers.length > 1)).toEqual([]);
  expect(normalized(fake)).toEqual(await cleanState());
}

beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  await fake.close();
});

describe('one signal: in-flight requests finish, nothing new leaves, the report says what was and was not done', () => {
  // Discovery is requests 1-4, preparing (repository, budget, labels) 5-8, creates 9-113, the re-list 114-115,
  // the enrich pass 116-186, links 187-343.
  const points: [NodeJS.Signals & keyof typeof CODE, number][] = [
    ['SIGINT', 2],
    ['SIGTERM', 6],
    ['SIGINT', 30],
    ['SIGTERM', 100],
    ['SIGINT', 114],
    ['SIGTERM', 150],
    ['SIGINT', 250],
    ['SIGTERM', 330],
  ];
  for (const [signal, after] of points) {
    it(`${signal} after ${after} requests: exit ${CODE[signal]}, a consistent report, and a re-run converges`, async () => {
      const run = await syncAndInterrupt(fake, B105, { signal, after });
      expect(run.code, run.stderr).toBe(CODE[signal]);
      expect(run.atNotice).toBeGreaterThanOrEqual(after);
      // Not one request left after the CLI took the signal.
      expect(run.total).toBe(run.atNotice);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      const report = JSON.parse(run.stdout) as SyncReport & { error?: string };
      expect(report).toMatchObject({ interrupted: true, signal, exitCode: CODE[signal] });

      if (!report.items) {
        // Interrupted while reading GitHub: nothing was written.
        expect(after).toBeLessThanOrEqual(4);
        expect(report.error).toMatch(new RegExp(`interrupted by ${signal} while reading GitHub`));
        expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      } else {
        expect(run.stderr).toContain(`Interrupted by ${signal}`);
        // Every request the CLI counts reached GitHub, and the other way round.
        expect(report.requests.total).toBe(run.total);
        const made = issuesByItem(fake);
        const created = report.items.filter((i) => i.action === 'created');
        // Every issue GitHub has is reported created, with its number; none is reported that GitHub lacks.
        expect(new Map(created.map((i) => [i.id, [i.number]]))).toEqual(made);
        expect(report.items.filter((i) => i.action === 'failed')).toEqual([]);
        for (const item of report.items.filter((i) => i.action !== 'created')) {
          expect(item).toMatchObject({ action: 'skipped', number: null });
          expect(item.error).toBe(`not synced: interrupted by ${signal} before it started`);
        }
        expect(report.items.filter((i) => i.action === 'skipped').length).toBe(105 - made.size);
        // Every link reported added is on GitHub.
        const view = viewRepo(fake.state);
        for (const link of report.relations.added) {
          if (link.kind === 'sub-issue') expect(view[link.to]?.parent, `${link.from} → ${link.to}`).toBe(link.from);
          else expect(view[link.from]?.blockedBy, `${link.from} → ${link.to}`).toContain(link.to);
        }
        expect(report.relations.failed).toEqual([]);
        expect(report.relations.added.length + report.relations.skipped.length).toBe(160);
      }
      await expectRerunConverges();
    });
  }
});

describe('in flight at the signal', () => {
  it('creates cut off when the grace period ends are reported as not done, and the re-run makes no duplicate', async () => {
    // 20 ms per answer: when the fake freezes, the creates in flight are applied but their answers held past the
    // grace period, as a slow GitHub would (it made the issue; the CLI never heard).
    fake.setLatency(20);
    const run = await syncAndInterrupt(
      fake,
      B105,
      { signal: 'SIGINT', after: 30, holdUntilExit: true },
      { PLANPILOT_INTERRUPT_GRACE_MS: '300' },
    );
    fake.setLatency(0);
    expect(run.code, run.stderr).toBe(130);
    expect(run.total).toBe(run.atNotice);
    const report = JSON.parse(run.stdout) as SyncReport;
    const cutOff = report.items.filter((i) => i.error?.includes('while in flight'));
    expect(cutOff.length).toBeGreaterThan(0);
    for (const item of cutOff) expect(item.action).toBe('skipped');
    const made = issuesByItem(fake);
    for (const item of report.items.filter((i) => i.action === 'created'))
      expect(made.get(item.id)).toEqual([item.number]);
    // What GitHub has beyond the reported creates is exactly some of the cut-off ones.
    const unreported = [...made.keys()].filter(
      (id) => !report.items.some((i) => i.id === id && i.action === 'created'),
    );
    expect(unreported.length).toBeGreaterThan(0);
    for (const id of unreported) expect(cutOff.map((i) => i.id)).toContain(id);
    await expectRerunConverges();
  });
});

describe('waiting out a rate limit at the signal', () => {
  it('the wait (60 s) is given up on when the grace period ends; that create is reported cut off', async () => {
    // The 11th create is answered 429 retry-after 60; its lane waits while the others go on to the signal.
    fake.setFaults([
      { kind: 'secondary-429', retryAfter: 60, count: 1, skip: 10, route: 'POST /repos/{owner}/{repo}/issues' },
    ]);
    const run = await syncAndInterrupt(
      fake,
      B105,
      { signal: 'SIGINT', after: 25 },
      { PLANPILOT_INTERRUPT_GRACE_MS: '1000' },
    );
    expect(run.code, run.stderr).toBe(130);
    expect(run.total).toBe(run.atNotice);
    const report = JSON.parse(run.stdout) as SyncReport;
    const cutOff = report.items.filter((i) => i.error?.includes('while in flight'));
    expect(cutOff).toHaveLength(1);
    expect(issuesByItem(fake).has(cutOff[0]!.id)).toBe(false);
    // One line counts what was not reached; the cut-off item has its own.
    expect(run.stderr).toMatch(/! not done \(interrupted by SIGINT\): \d+ items, 160 links/);
    expect(run.stderr).toContain(`! skipped story ${cutOff[0]!.id}: not synced: interrupted by SIGINT while in flight`);
    fake.setFaults([]);
    await expectRerunConverges();
  });
});

describe('a second signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} twice: quits at once with ${CODE[signal]}, and the re-run converges without duplicates`, async () => {
      // During the creates, with the fake frozen: the second signal comes while creates are in flight.
      const run = await syncAndInterrupt(fake, B105, { signal, after: 40, twice: true });
      expect(run.code, run.stderr).toBe(CODE[signal]);
      expect(run.stderr).toContain('quit at once');
      expect(JSON.parse(run.stdout)).toMatchObject({ interrupted: true, signal, exitCode: CODE[signal] });
      expect(run.total).toBe(run.atNotice);
      await expectRerunConverges();
    });
  }
});

describe('on a terminal', () => {
  it('the progress bars hid the cursor; after SIGINT the CLI shows it again and prints the summary', async () => {
    const watch = interruptWhen(fake, { signal: 'SIGINT', after: 30 });
    // util-linux `script` gives the CLI a pseudo-terminal; the shell prints its pid, then becomes the CLI (exec).
    const command = `echo PLANPILOT_PID=$$; exec "${process.execPath}" bin/planpilot.js sync ${B105} --repo acme/shop --pacing off`;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TERM: 'xterm',
        GITHUB_TOKEN: TEST_TOKEN,
        GITHUB_API_URL: fake.url,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    watch.attach(child, (signal) => {
      const pid = Number(/PLANPILOT_PID=(\d+)/.exec(output)?.[1]);
      process.kill(pid, signal);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await settled(fake);
    expect(code, output).toBe(130);
    const hidden = output.lastIndexOf('\x1b[?25l');
    expect(hidden, 'the bars hid the cursor').toBeGreaterThanOrEqual(0);
    expect(output.indexOf('\x1b[?25h', hidden), 'the cursor is shown after it was last hidden').toBeGreaterThan(hidden);
    expect(output).toContain('Interrupted by SIGINT');
    expect(watch.arrivals().total).toBe(watch.arrivals().atNotice);
  });
});
