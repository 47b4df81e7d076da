/**
 * `npm run bench`: planpilot's performance as requests made, wall time at a realistic latency and distance from the
 * floor GitHub's limits impose (issue 7). The scenarios run the library entry (`sync()` with a client from
 * `createGitHubClient`) against the fake GitHub of test/fake-github, started in-process, a fresh one per run; the
 * scale syncs run the built CLI (the same `sync()`) in a child process, so that its peak memory is its own.
 * Prints a Markdown table, writes bench/results.json and bench/RESULTS.md. Missed targets are reported, never fatal:
 * the exit code is non-zero only when a sync itself fails or the harness crashes.
 *
 *   npm run bench                          all scenarios (about 7 minutes on 2 cores)
 *   npm run bench -- --runs 1              one run per B105 concurrency instead of 3
 *   npm run bench -- --only b105,scale     a subset (prints only; results files are written for full runs)
 *   npm run bench -- --only startup,package   start-up times of the CLI, and the package's size (seconds)
 *   npm run bench -- --serial              run the GitHub-limits scenario after B105 instead of beside it
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGitHubClient } from '../src/github/client.js';
import { loadPlanFile, type Plan, parsePlan } from '../src/plan/index.js';
import { readStatus } from '../src/status/read.js';
import type { SyncReport } from '../src/sync/report/report.js';
import { sync } from '../src/sync/sync.js';
import { type FakeGitHub, startFakeGitHub } from '../test/fake-github/server.js';
import { median, minimalFirstSyncWrites } from './expected.js';
import { B105_OPTIONS, type GeneratePlanOptions, generatePlan, headerFor } from './generate-plan.js';
import type { ScaleChildInput, ScaleChildOutput } from './scale-child.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const B105_FILE = join(ROOT, 'plans/b105.yaml');
const REPO = 'acme/shop';
const TOKEN = 'bench-token';
const B105_LATENCY_MS = 200;
const B105_CONCURRENCIES = [1, 5, 10] as const;
const LIMITS_LATENCY_MS = 200;
const LIMITS_CONCURRENCY = 5;
/** About 40 items: 38 creates + 36 sub-issue links + 12 blocked-by links + 2 labels = 88 POSTs, a bit over 80. */
const LIMITS_PLAN: GeneratePlanOptions = {
  epics: 2,
  storiesPerEpic: 3,
  tasksPerStory: 5,
  dependencies: 12,
  seed: 40,
  id: 'limits40',
};
const SCALE_CONCURRENCY = 10;
const SCALE_PLANS: GeneratePlanOptions[] = [
  { epics: 10, storiesPerEpic: 9, tasksPerStory: 10, dependencies: 600, seed: 1000, id: 'scale-1000' },
  { epics: 50, storiesPerEpic: 9, tasksPerStory: 10, dependencies: 3000, seed: 5000, id: 'scale-5000' },
];
/** GitHub's documented secondary limits (REST): the floor of the limits scenario is computed from these. */
const GITHUB = { pointsPerMinute: 900, contentPerMinute: 80, readPoints: 1, writePoints: 5 } as const;
/** Per-item cost at the largest size over the smallest: above this, growth is not called linear (timings are noisy). */
const LINEAR_TOLERANCE = 1.5;

// ── Small helpers ───────────────────────────────────────────────────────────────────────────────────────────────

const log = (message: string) => process.stderr.write(`${message}\n`);
const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const millis = (ms: number) => (ms >= 1000 ? seconds(ms) : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const passFail = (pass: boolean) => (pass ? 'pass' : '**FAIL**');

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function countRequests(requests: FakeGitHub['requests']) {
  const reads = requests.filter((r) => r.method === 'GET' || r.method === 'HEAD').length;
  return {
    total: requests.length,
    reads,
    writes: requests.length - reads,
    posts: requests.filter((r) => r.method === 'POST').length,
  };
}

function newClient(fake: FakeGitHub, maxConcurrency: number, pacing: 'github' | 'off', stock = false) {
  return createGitHubClient({
    token: TOKEN,
    apiUrl: fake.url,
    maxConcurrency,
    pacing,
    ...(stock ? { stockThrottleGroups: true } : {}),
  });
}

async function runSync(fake: FakeGitHub, plan: Plan, maxConcurrency: number, pacing: 'github' | 'off', stock = false) {
  const client = newClient(fake, maxConcurrency, pacing, stock);
  const from = fake.requests.length;
  const { value: report, ms } = await timed(() => sync(plan, { repo: REPO, client, maxConcurrency, pacing }));
  if (report.exitCode !== 0)
    failures.push(`${plan.id} (c${maxConcurrency}, pacing ${pacing}): exit ${report.exitCode}`);
  return { report, ms, seen: countRequests(fake.requests.slice(from)), client };
}

const failures: string[] = [];

function withEditedTitle(plan: Plan, id: string): Plan {
  return {
    ...plan,
    items: plan.items.map((item) => (item.id === id ? { ...item, title: `${item.title} (renamed)` } : item)),
  };
}

// ── B105 ────────────────────────────────────────────────────────────────────────────────────────────────────────

interface B105Run {
  round: number;
  concurrency: number;
  wallMs: number;
  requests: SyncReport['requests'];
  seenByFake: ReturnType<typeof countRequests>;
  predictedWrites: number;
  minimalWrites: number;
  excessWrites: number;
  rerun: { wallMs: number; requests: number; reads: number; writes: number };
  /** `planpilot status` of the synced plan: what it reads (never a request per issue). */
  status: { wallMs: number; requests: number; writes: number };
  titleEdit: { wallMs: number; requests: number; writes: number; seenWrites: number };
}

async function benchB105(plan: Plan, runs: number) {
  const minimal = minimalFirstSyncWrites(plan);
  const results: B105Run[] = [];
  for (let round = 1; round <= runs; round++) {
    for (const concurrency of B105_CONCURRENCIES) {
      const fake = await startFakeGitHub({ latencyMs: B105_LATENCY_MS, seed: round * 100 + concurrency });
      try {
        const first = await runSync(fake, plan, concurrency, 'off');
        const statusClient = newClient(fake, concurrency, 'off', false);
        const statusFrom = fake.requests.length;
        const { ms: statusMs } = await timed(() => readStatus(plan, { repo: REPO, client: statusClient }));
        const statusSeen = countRequests(fake.requests.slice(statusFrom));
        const rerun = await runSync(fake, plan, concurrency, 'off');
        const edited = withEditedTitle(plan, plan.items[Math.floor(plan.items.length / 2)]!.id);
        const edit = await runSync(fake, edited, concurrency, 'off');
        const run: B105Run = {
          round,
          concurrency,
          wallMs: first.ms,
          requests: first.report.requests,
          seenByFake: first.seen,
          predictedWrites: first.report.cost.requests.writes,
          minimalWrites: minimal.total,
          excessWrites: first.report.requests.writes - minimal.total,
          rerun: {
            wallMs: rerun.ms,
            requests: rerun.report.requests.total,
            reads: rerun.report.requests.reads,
            writes: rerun.report.requests.writes,
          },
          status: { wallMs: statusMs, requests: statusSeen.total, writes: statusSeen.writes },
          titleEdit: {
            wallMs: edit.ms,
            requests: edit.report.requests.total,
            writes: edit.report.requests.writes,
            seenWrites: edit.seen.writes,
          },
        };
        results.push(run);
        log(
          `b105 round ${round}/${runs} c${concurrency}: ${seconds(run.wallMs)}, ${run.requests.total} requests ` +
            `(${run.requests.writes} writes, excess ${run.excessWrites}); re-run ${run.rerun.requests} requests ` +
            `${millis(run.rerun.wallMs)}; title edit ${run.titleEdit.writes} write(s)`,
        );
      } finally {
        await fake.close();
      }
    }
  }
  const at = (c: number) => results.filter((r) => r.concurrency === c);
  const speedup = (c: number) =>
    median(
      [...Array(runs).keys()].map((i) => {
        const one = results.find((r) => r.round === i + 1 && r.concurrency === 1)!;
        const other = results.find((r) => r.round === i + 1 && r.concurrency === c)!;
        return one.wallMs / other.wallMs;
      }),
    );
  const summary = B105_CONCURRENCIES.map((c) => {
    const runsAt = at(c);
    return {
      concurrency: c,
      wallMs: median(runsAt.map((r) => r.wallMs)),
      speedupOverC1: c === 1 ? 1 : speedup(c),
      requests: median(runsAt.map((r) => r.requests.total)),
      reads: median(runsAt.map((r) => r.requests.reads)),
      writes: median(runsAt.map((r) => r.requests.writes)),
      predictedWrites: median(runsAt.map((r) => r.predictedWrites)),
      maxExcessWrites: Math.max(...runsAt.map((r) => r.excessWrites)),
      rerunWallMs: median(runsAt.map((r) => r.rerun.wallMs)),
      rerunRequests: Math.max(...runsAt.map((r) => r.rerun.requests)),
      rerunWrites: Math.max(...runsAt.map((r) => r.rerun.writes)),
      statusWallMs: median(runsAt.map((r) => r.status.wallMs)),
      statusRequests: Math.max(...runsAt.map((r) => r.status.requests)),
      statusWrites: Math.max(...runsAt.map((r) => r.status.writes)),
      editWallMs: median(runsAt.map((r) => r.titleEdit.wallMs)),
      editRequests: Math.max(...runsAt.map((r) => r.titleEdit.requests)),
      editWrites: Math.max(...runsAt.map((r) => r.titleEdit.writes)),
    };
  });
  return { minimal, runs: results, summary };
}

// ── GitHub limits ───────────────────────────────────────────────────────────────────────────────────────────────

interface LimitsRun {
  throttling: 'planpilot' | 'stock';
  wallMs: number;
  floorMs: number;
  floorBy: 'content creation' | 'points';
  requests: ReturnType<typeof countRequests>;
  points: number;
  secondaryLimitHits: number;
  rateLimitWaits: number;
  pacerWaits: number;
  maxConcurrent: number;
  exitCode: number;
  /** Each refused request, seen from the fake's side: what had arrived in the minute before it. */
  refused: RefusedRequest[];
}

interface RefusedRequest {
  atMs: number;
  route: string;
  status: number;
  postsInPrecedingMinute: number;
  pointsInPrecedingMinute: number;
  /** How long before the refused one the oldest POST of that minute arrived. */
  oldestPostAgoMs: number;
}

/** Explains each refusal by arrival times at the fake, which is what GitHub's windows count. */
function explainRefusals(requests: FakeGitHub['requests'], startedAt: number): RefusedRequest[] {
  const accepted = (r: FakeGitHub['requests'][number]) => r.status !== 403 && r.status !== 429;
  return requests.flatMap((request, index) => {
    if (accepted(request)) return [];
    const before = requests.slice(0, index).filter((r) => accepted(r) && request.time - r.time < 60_000);
    const posts = before.filter((r) => r.method === 'POST');
    return [
      {
        atMs: request.time - startedAt,
        route: request.route,
        status: request.status,
        postsInPrecedingMinute: posts.length,
        pointsInPrecedingMinute: before.reduce(
          (sum, r) => sum + (r.method === 'GET' ? GITHUB.readPoints : GITHUB.writePoints),
          0,
        ),
        oldestPostAgoMs: posts.length > 0 ? request.time - Math.min(...posts.map((r) => r.time)) : 0,
      },
    ];
  });
}

/**
 * GitHub's limits are sliding windows: the (80k+1)-th POST cannot go earlier than k minutes after the first, nor can
 * the request that passes 900k points. That is the floor, whatever the latency.
 */
function limitsFloorMs(posts: number, points: number): { ms: number; by: LimitsRun['floorBy'] } {
  const content = Math.floor(Math.max(0, posts - 1) / GITHUB.contentPerMinute) * 60_000;
  const byPoints = Math.floor(Math.max(0, points - 1) / GITHUB.pointsPerMinute) * 60_000;
  return content >= byPoints ? { ms: content, by: 'content creation' } : { ms: byPoints, by: 'points' };
}

async function limitsRun(plan: Plan, stock: boolean): Promise<LimitsRun> {
  const fake = await startFakeGitHub({ latencyMs: LIMITS_LATENCY_MS, limits: 'github', seed: stock ? 402 : 401 });
  try {
    const startedAt = Date.now();
    const { report, ms, seen, client } = await runSync(fake, plan, LIMITS_CONCURRENCY, 'github', stock);
    const points = seen.reads * GITHUB.readPoints + seen.writes * GITHUB.writePoints;
    const floor = limitsFloorMs(seen.posts, points);
    const run: LimitsRun = {
      throttling: stock ? 'stock' : 'planpilot',
      wallMs: ms,
      floorMs: floor.ms,
      floorBy: floor.by,
      requests: seen,
      points,
      secondaryLimitHits: fake.stats.secondaryLimitHits,
      rateLimitWaits: report.requests.rateLimitWaits,
      pacerWaits: client.pacer.waits().count,
      maxConcurrent: fake.stats.maxConcurrent,
      exitCode: report.exitCode,
      refused: explainRefusals(fake.requests, startedAt),
    };
    log(
      `limits (${run.throttling}${stock ? ' plugin-throttling groups' : ' pacer'}): ${seconds(ms)} vs floor ` +
        `${seconds(floor.ms)}, ${seen.total} requests (${seen.posts} POSTs), ${run.secondaryLimitHits} secondary-limit answers`,
    );
    return run;
  } finally {
    await fake.close();
  }
}

async function benchLimits(plan: Plan) {
  // Both runs wait on limits, not on the CPU: they go side by side, each against its own fake.
  const [paced, stock] = await Promise.all([limitsRun(plan, false), limitsRun(plan, true)]);
  return { paced, stock, gain: stock.wallMs / paced.wallMs };
}

// ── Scale ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Loaded with `node --require` into the CLI: as the process exits, writes to BENCH_RSS_FILE its peak RSS and the
 * largest heap seen right after a major GC (close to the live heap: the rest of the peak RSS is garbage not yet
 * collected and V8's headroom).
 */
const RSS_PRELOAD = `const { PerformanceObserver, constants } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');
let liveHeap = 0;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      majorGcs++;
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
    }
  }
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const maxRssKiB = process.resourceUsage().maxRSS;
  writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKiB, liveHeapBytes: liveHeap, majorGcs }));
});
`;

function runProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.NODE_OPTIONS;
    const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Validation and dry-run timings, through the library in a fresh tsx process (bench/scale-child.ts). */
async function scaleTimings(input: ScaleChildInput): Promise<ScaleChildOutput> {
  const result = await runProcess([...process.execArgv, join(ROOT, 'bench/scale-child.ts'), JSON.stringify(input)]);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.code !== 0) throw new Error(`bench/scale-child.ts failed (exit ${result.code}):\n${result.stderr}`);
  return JSON.parse(line) as ScaleChildOutput;
}

/** Runs the built CLI in plain Node, as a user does, and reads its peak RSS. */
async function cliWithPeakRss(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const preload = join(dir, 'rss-preload.cjs');
  writeFileSync(preload, RSS_PRELOAD);
  const rssFile = join(dir, `rss-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const result = await runProcess(['--require', preload, join(ROOT, 'bin/planpilot.js'), ...args], {
    ...env,
    BENCH_RSS_FILE: rssFile,
  });
  const memory = JSON.parse(readFileSync(rssFile, 'utf8')) as {
    maxRssKiB: number;
    liveHeapBytes: number;
    majorGcs: number;
  };
  return {
    ...result,
    maxRssMb: memory.maxRssKiB / 1024,
    liveHeapMb: memory.liveHeapBytes / 1024 ** 2,
    majorGcs: memory.majorGcs,
  };
}

interface ScaleSize extends ScaleChildOutput {
  id: string;
  bytes: number;
  syncWallMs: number;
  syncRequests: SyncReport['requests'];
  syncExitCode: number;
  maxRssMb: number;
  /** Largest heap right after a major GC: about the live heap at its peak. */
  liveHeapMb: number;
  majorGcs: number;
}

async function benchScale() {
  // The first sync runs the built CLI (plain Node, no tsx loader in the memory figure): build it from these sources.
  log('scale: building (tsc -p tsconfig.build.json) for the CLI runs');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const dir = mkdtempSync(join(os.tmpdir(), 'planpilot-bench-'));
  try {
    const baseline = (await cliWithPeakRss(dir, ['--version'])).maxRssMb;
    log(`scale: baseline (planpilot --version) peak RSS ${mb(baseline)}`);
    const sizes: ScaleSize[] = [];
    for (const options of SCALE_PLANS) {
      const generated = generatePlan(options);
      const file = join(dir, `${options.id}.yaml`);
      writeFileSync(file, generated.text);
      const timings = await scaleTimings({ plan: file, repeats: 3 });
      const fake = await startFakeGitHub({ latencyMs: 0, seed: options.seed, rateLimit: { limit: 1_000_000 } });
      try {
        const run = await cliWithPeakRss(
          dir,
          ['sync', file, '--json', '--repo', REPO, '--pacing', 'off', '--max-concurrency', String(SCALE_CONCURRENCY)],
          { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.url },
        );
        let report: SyncReport;
        try {
          report = JSON.parse(run.stdout) as SyncReport;
        } catch {
          throw new Error(`planpilot sync printed no JSON report (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
        }
        if (report.exitCode !== 0) failures.push(`${options.id}: exit ${report.exitCode}`);
        const size: ScaleSize = {
          ...timings,
          id: options.id,
          bytes: Buffer.byteLength(generated.text),
          syncWallMs: report.durationMs,
          syncRequests: report.requests,
          syncExitCode: report.exitCode,
          maxRssMb: run.maxRssMb,
          liveHeapMb: run.liveHeapMb,
          majorGcs: run.majorGcs,
        };
        sizes.push(size);
        log(
          `scale ${size.items} items: validation ${millis(size.validationColdMs)} cold / ` +
            `${millis(size.validationWarmMs)} warm, dry run ${millis(size.dryRunMs)}, sync ` +
            `${seconds(size.syncWallMs)} ${size.syncRequests.total} requests, peak ${mb(size.maxRssMb)}`,
        );
      } finally {
        await fake.close();
      }
    }
    const small = sizes[0]!;
    const large = sizes[sizes.length - 1]!;
    const perItem = (value: (s: ScaleSize) => number) => {
      const a = value(small) / small.items;
      const b = value(large) / large.items;
      return { small: a, large: b, growth: b / a };
    };
    const linearity = {
      validationWarm: perItem((s) => s.validationWarmMs),
      dryRun: perItem((s) => s.dryRunMs),
      requests: perItem((s) => s.syncRequests.total),
      syncWall: perItem((s) => s.syncWallMs),
      memoryAboveBaseline: perItem((s) => Math.max(0, s.maxRssMb - baseline)),
    };
    return { baseline, sizes, linearity };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── Report ──────────────────────────────────────────────────────────────────────────────────────────────────────

interface Target {
  target: string;
  measured: string;
  pass: boolean;
}

type B105Result = Awaited<ReturnType<typeof benchB105>>;
type LimitsResult = Awaited<ReturnType<typeof benchLimits>>;
type ScaleResult = Awaited<ReturnType<typeof benchScale>>;

function b105Markdown(b105: B105Result, plan: Plan, runs: number): string {
  const m = b105.minimal;
  const rows = b105.summary.map((s) => [
    s.concurrency,
    seconds(s.wallMs),
    s.concurrency === 1 ? '1.00× (reference)' : `${times(s.speedupOverC1)} faster`,
    `${seconds((s.requests * B105_LATENCY_MS) / s.concurrency)} (wall ${times(s.wallMs / ((s.requests * B105_LATENCY_MS) / s.concurrency))})`,
    s.requests,
    s.reads,
    s.writes,
    s.predictedWrites,
    m.total,
    s.maxExcessWrites,
  ]);
  const c5 = b105.summary.find((s) => s.concurrency === 5)!;
  const deps = plan.items.reduce((sum, item) => sum + item.dependsOn.length, 0);
  return [
    `### B105 first sync: ${plan.items.length} items, ${deps} dependency edges, ${B105_LATENCY_MS} ms a request, ` +
      `\`--pacing off\` (median of ${runs})`,
    '',
    table(
      [
        '--max-concurrency',
        'wall time',
        'speed-up over 1 (same run)',
        'round-trip floor',
        'requests',
        'reads',
        'writes',
        'predicted writes (report.cost)',
        'minimal writes',
        'excess',
      ],
      rows,
    ),
    '',
    `Minimal writes, from the plan: ${m.labels} labels + ${m.milestones} milestones + ${m.creates} creates + ` +
      `${m.relations} links (sub-issue and blocked-by) + ${m.enrichments} bodies whose enriched form differs from ` +
      `the created one = ${m.total}. Excess is the largest over all runs. Round-trip floor: requests × ` +
      `${B105_LATENCY_MS} ms / concurrency, the wall time if every slot were busy all the time.`,
    '',
    '### B105 after the first sync (at --max-concurrency 5)',
    '',
    table(
      ['scenario', 'wall time', 'requests', 'writes'],
      [
        ['immediate re-run, plan unchanged', millis(c5.rerunWallMs), c5.rerunRequests, c5.rerunWrites],
        ['one title edited', millis(c5.editWallMs), c5.editRequests, c5.editWrites],
        ['`planpilot status` of the synced plan', millis(c5.statusWallMs), c5.statusRequests, c5.statusWrites],
      ],
    ),
  ].join('\n');
}

function limitsMarkdown(limits: LimitsResult, plan: Plan): string {
  const row = (run: LimitsRun, label: string) => [
    label,
    seconds(run.wallMs),
    `${seconds(run.floorMs)} (${run.floorBy})`,
    times(run.wallMs / run.floorMs),
    run.secondaryLimitHits,
    run.rateLimitWaits,
    `${run.requests.total} (${run.requests.posts} POSTs, ${run.requests.writes} writes)`,
    run.points,
  ];
  return [
    `### GitHub limits: ${plan.items.length} items against the fake's \`github\` limits profile, ` +
      `${LIMITS_LATENCY_MS} ms a request, --max-concurrency ${LIMITS_CONCURRENCY}, \`--pacing github\` (1 run each, side by side)`,
    '',
    table(
      [
        'client',
        'wall time',
        'floor from GitHub limits',
        'wall / floor',
        'secondary-limit answers',
        'rate-limit waits',
        'requests',
        'points',
      ],
      [row(limits.paced, 'planpilot pacer'), row(limits.stock, 'planpilot pacer + stock plugin-throttling groups')],
    ),
    '',
    `Floor: the limits are sliding one-minute windows, so the (80k+1)-th POST cannot go before k minutes after the first ` +
      `(80 content-creating requests a minute), nor the request that passes 900k points (GET 1 point, writes 5). ` +
      `The stock groups (writes 1 s apart; issue creations and sub-issue links, which plugin-throttling counts as ` +
      `notification-triggering, 3 s apart) take ${times(limits.gain)} as long as the pacer alone.`,
    ...[limits.paced, limits.stock].flatMap((run) =>
      run.refused.map(
        (r) =>
          `- ${run.throttling === 'stock' ? 'stock groups' : 'pacer'}: refused ${r.status} at ${seconds(r.atMs)} on ` +
          `\`${r.route}\`: by arrival at the fake, ${r.postsInPrecedingMinute} POSTs (${r.pointsInPrecedingMinute} ` +
          `points) in the minute before it, the oldest ${(r.oldestPostAgoMs / 1000).toFixed(3)} s before.`,
      ),
    ),
  ].join('\n');
}

function scaleMarkdown(scale: ScaleResult): string {
  const rows = scale.sizes.map((s) => [
    s.items,
    s.dependencies,
    `${(s.bytes / 1024).toFixed(0)} KiB`,
    millis(s.validationColdMs),
    `${millis(s.validationWarmMs)} (${((s.validationWarmMs / s.items) * 1000).toFixed(0)} µs/item)`,
    `${millis(s.dryRunMs)} (${((s.dryRunMs / s.items) * 1000).toFixed(0)} µs/item)`,
    `${s.syncRequests.total} (${(s.syncRequests.total / s.items).toFixed(2)}/item; ${s.syncRequests.writes} writes)`,
    `${s.syncRequests.writes - s.minimalWrites} / ${s.predictedWrites - s.syncRequests.writes}`,
    `${seconds(s.syncWallMs)} (${(s.syncWallMs / s.items).toFixed(1)} ms/item)`,
    `${mb(s.maxRssMb)} (${mb(s.maxRssMb - scale.baseline)} above baseline)`,
    s.majorGcs > 0 ? `${mb(s.liveHeapMb)} (${s.majorGcs} major GCs)` : 'no major GC',
  ]);
  const l = scale.linearity;
  const growth = (name: string, g: { small: number; large: number; growth: number }, unit: string, digits = 3) => [
    name,
    `${g.small.toFixed(digits)} ${unit}`,
    `${g.large.toFixed(digits)} ${unit}`,
    times(g.growth),
    g.growth <= LINEAR_TOLERANCE ? 'linear' : '**super-linear**',
  ];
  const [small, large] = [scale.sizes[0]!.items, scale.sizes[scale.sizes.length - 1]!.items];
  return [
    `### Scale: latency 0, \`--pacing off\`, --max-concurrency ${SCALE_CONCURRENCY}`,
    '',
    table(
      [
        'items',
        'edges',
        'file',
        'validation (cold)',
        'validation (warm, median of 3)',
        'dry run (offline, median of 3)',
        'first sync requests',
        'excess writes / misprediction',
        'first sync wall',
        'peak RSS of the sync',
        'heap after major GC (peak)',
      ],
      rows,
    ),
    '',
    'Validation (cold) is the first `loadPlanFile` in a fresh process, as `planpilot validate` sees it; warm is the ' +
      'median of the next 3; both, and the dry runs, go through the library in a child process. The first sync is ' +
      '`planpilot sync --json` (the built CLI, plain Node) against the fake in this process; its peak RSS is ' +
      `\`process.resourceUsage().maxRSS\` as it exits. Baseline: \`planpilot --version\`, ${mb(scale.baseline)}. ` +
      "Excess writes: over the minimum computed from the plan; misprediction: the dry run's predicted writes " +
      '(report.cost) minus the writes made.',
    '',
    table(
      ['per item', `${small} items`, `${large} items`, `growth (${large} / ${small})`, 'verdict'],
      [
        growth('validation (warm)', l.validationWarm, 'ms'),
        growth('dry run', l.dryRun, 'ms'),
        growth('first sync requests', l.requests, 'requests', 2),
        growth('first sync wall', l.syncWall, 'ms', 2),
        growth('peak RSS above baseline', l.memoryAboveBaseline, 'MB'),
      ],
    ),
    '',
    `Growth is the per-item cost at ${large} items over the per-item cost at ${small}: 1.00× is linear, below is ` +
      `sub-linear (fixed costs spread out); up to ${LINEAR_TOLERANCE}× is called linear, since timings are noisy.`,
  ].join('\n');
}

function targetsFor(b105?: B105Result, limits?: LimitsResult, scale?: ScaleResult): Target[] {
  const targets: Target[] = [];
  if (b105) {
    const c5 = b105.summary.find((s) => s.concurrency === 5)!;
    targets.push(
      { target: 'B105 first sync at concurrency 5 under 8 s', measured: seconds(c5.wallMs), pass: c5.wallMs < 8000 },
      {
        target: 'B105 concurrency 5 at least 4.5× faster than 1',
        measured: times(c5.speedupOverC1),
        pass: c5.speedupOverC1 >= 4.5,
      },
      {
        target: 'first sync writes: no excess over the minimum',
        measured: `excess ${Math.max(...b105.runs.map((r) => r.excessWrites))} (B105, every run)`,
        pass: b105.runs.every((r) => r.excessWrites === 0),
      },
      {
        target: 'B105 re-run: at most 3 requests, 0 writes, under 1.5 s',
        measured: `${c5.rerunRequests} requests, ${c5.rerunWrites} writes, ${millis(c5.rerunWallMs)}`,
        pass: c5.rerunRequests <= 3 && c5.rerunWrites === 0 && c5.rerunWallMs < 1500,
      },
      {
        target: 'B105 one title edited: 1 write',
        measured: `${Math.max(...b105.runs.map((r) => r.titleEdit.writes))} write(s)`,
        pass: b105.runs.every((r) => r.titleEdit.writes === 1 && r.titleEdit.seenWrites === 1),
      },
    );
  }
  if (limits) {
    const p = limits.paced;
    targets.push(
      {
        target: 'GitHub limits: 0 secondary-limit answers',
        measured: `${p.secondaryLimitHits} (stock groups: ${limits.stock.secondaryLimitHits})`,
        pass: p.secondaryLimitHits === 0,
      },
      {
        target: 'GitHub limits: within 1.2× the floor',
        measured: `${times(p.wallMs / p.floorMs)} (${seconds(p.wallMs)} / ${seconds(p.floorMs)})`,
        pass: p.wallMs <= 1.2 * p.floorMs,
      },
    );
  }
  if (scale) {
    const large = scale.sizes[scale.sizes.length - 1]!;
    const l = scale.linearity;
    const worst = Math.max(l.validationWarm.growth, l.dryRun.growth, l.requests.growth, l.memoryAboveBaseline.growth);
    targets.push(
      {
        target: `${large.items} items: validation under 1 s (cold)`,
        measured: `${millis(large.validationColdMs)} cold, ${millis(large.validationWarmMs)} warm`,
        pass: large.validationColdMs < 1000,
      },
      {
        target: `${large.items} items: peak memory under 300 MB`,
        measured: `${mb(large.maxRssMb)} peak RSS of \`planpilot sync\` (baseline ${mb(scale.baseline)})`,
        pass: large.maxRssMb < 300,
      },
      {
        target: 'scale: linear growth (validation, dry run, requests, memory)',
        measured: `worst per-item growth ${times(worst)}`,
        pass: worst <= LINEAR_TOLERANCE,
      },
      {
        target: 'scale first syncs: no excess writes',
        measured: scale.sizes.map((s) => `${s.items}: ${s.syncRequests.writes - s.minimalWrites}`).join(', '),
        pass: scale.sizes.every((s) => s.syncRequests.writes === s.minimalWrites),
      },
    );
  }
  return targets;
}

function machine() {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

// ── Start-up and package size (issue 18) ──────────────────────────────────────────────────────────────────────

const STARTUP_RUNS = 7;
const STARTUP_COMMANDS: { name: string; args: string[] }[] = [
  { name: '`node -e 0` (Node alone, the floor)', args: ['-e', '0'] },
  { name: '`planpilot --version`', args: ['bin/planpilot.js', '--version'] },
  { name: '`planpilot --help`', args: ['bin/planpilot.js', '--help'] },
  {
    name: '`planpilot validate plans/example.yaml` (30 items)',
    args: ['bin/planpilot.js', 'validate', 'plans/example.yaml'],
  },
  {
    name: '`planpilot sync plans/example.yaml --dry-run` (offline)',
    args: ['bin/planpilot.js', 'sync', 'plans/example.yaml', '--dry-run'],
  },
];

interface StartupResult {
  rows: { command: string; medianMs: number; minMs: number }[];
}

/** Wall time of the built CLI's commands in plain Node, median of STARTUP_RUNS (the bench builds it first). */
async function benchStartup(): Promise<StartupResult> {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const rows: StartupResult['rows'] = [];
  for (const { name, args } of STARTUP_COMMANDS) {
    const times: number[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      const run = await runProcess(args, { GITHUB_TOKEN: '', GH_TOKEN: '', GITHUB_REPOSITORY: 'acme/shop' });
      if (run.code !== 0) throw new Error(`${name} exited ${run.code}:\n${run.stderr}`);
      times.push(run.ms);
    }
    rows.push({ command: name, medianMs: median(times), minMs: Math.min(...times) });
    log(`startup: ${name} ${millis(median(times))}`);
  }
  return { rows };
}

function startupMarkdown(startup: StartupResult): string {
  const floor = startup.rows[0]!.medianMs;
  return [
    `### Start-up: the built CLI in plain Node (median of ${STARTUP_RUNS}, no network)`,
    '',
    table(
      ['command', 'wall time', 'fastest', 'above Node alone'],
      startup.rows.map((r) => [
        r.command,
        millis(r.medianMs),
        millis(r.minMs),
        millis(Math.max(0, r.medianMs - floor)),
      ]),
    ),
    '',
    'Commands import what they need when they run (`src/cli/main.ts`): `--version` and `--help` load commander and ' +
      'the flag parsers only, `validate` adds the plan loader (YAML, ajv), `sync` Octokit and the engine. Before ' +
      'issue 18 every command loaded everything: `--version` took about 0.86 s here (1.0 s reported).',
  ].join('\n');
}

interface PackageResult {
  tarballBytes: number;
  unpackedBytes: number;
  files: number;
  /** The package and its production dependencies as npm installs them (node_modules of a consumer). */
  installedBytes: number;
  dependencies: number;
  openapiTypesCopies: number;
  /** tsc on a 4-line consumer of the library with skipLibCheck off (every .d.ts it reaches is checked). */
  consumerTypecheckMs: number;
  consumerTypecheckErrors: number;
}

/** Type-checks a small consumer of the built library, as a project without skipLibCheck does. */
function consumerTypecheck(): { ms: number; errors: number } {
  const dir = mkdtempSync(join(os.tmpdir(), 'planpilot-consumer-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    writeFileSync(
      join(dir, 'index.ts'),
      `import { loadPlanFile, sync } from ${JSON.stringify(join(ROOT, 'build/src/index.js'))};\n` +
        "const plan = await loadPlanFile('plan.yaml');\n" +
        "const report = await sync(plan, { repo: 'acme/shop', dryRun: true } as never);\n" +
        'console.log(report.items.length);\n',
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        files: ['index.ts'],
      }),
    );
    const started = performance.now();
    let output = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    return { ms: performance.now() - started, errors: (output.match(/error TS/g) ?? []).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes of the files under a directory, without its nested node_modules (they are packages of their own). */
function directoryBytes(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') total += directoryBytes(path);
    } else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** `npm pack` (dry run: nothing written) and the production dependency tree as installed here. */
function benchPackage(): PackageResult {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const pack = JSON.parse(
    execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
  )[0] as { size: number; unpackedSize: number; entryCount: number };
  const tree = execFileSync(npm, ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter((path) => path !== ROOT);
  const unique = [...new Set(tree)];
  const installedBytes = pack.unpackedSize + unique.reduce((sum, path) => sum + directoryBytes(path), 0);
  const consumer = consumerTypecheck();
  const result = {
    consumerTypecheckMs: consumer.ms,
    consumerTypecheckErrors: consumer.errors,
    tarballBytes: pack.size,
    unpackedBytes: pack.unpackedSize,
    files: pack.entryCount,
    installedBytes,
    dependencies: unique.length,
    openapiTypesCopies: unique.filter((path) => path.endsWith('/@octokit/openapi-types')).length,
  };
  log(`package: ${JSON.stringify(result)}`);
  return result;
}

function packageMarkdown(p: PackageResult): string {
  const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);
  return [
    '### Package size',
    '',
    table(
      [
        'npm pack tarball',
        'unpacked',
        'files',
        'installed with production dependencies',
        'dependencies',
        'copies of @octokit/openapi-types',
        'type-checking a consumer without skipLibCheck',
      ],
      [
        [
          size(p.tarballBytes),
          size(p.unpackedBytes),
          p.files,
          size(p.installedBytes),
          p.dependencies,
          p.openapiTypesCopies,
          `${seconds(p.consumerTypecheckMs)} (${p.consumerTypecheckErrors} errors)`,
        ],
      ],
    ),
    '',
    '`npm pack --dry-run --json`; installed: the unpacked package plus every production dependency of the tree ' +
      '`npm ls --omit=dev --all` lists (each directory once, without its nested node_modules). The octokit packages ' +
      'used to pull five versions of `@octokit/openapi-types` (about 5 MB each; 43 MB installed in all); ' +
      "package.json's `overrides` aligns `@octokit/types` (16) and `@octokit/openapi-types` (27) on the versions " +
      "`@octokit/rest`'s own plugins are typed against (the newer 18/29 would break their `.d.ts` for a consumer " +
      'without skipLibCheck). The consumer: 4 lines importing `sync` and `loadPlanFile` from the built library, ' +
      'checked by tsc with skipLibCheck off (it took 44 s with the five copies).',
  ].join('\n');
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      serial: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  const only = new Set((values.only ?? 'b105,limits,scale,startup,package').split(',').map((s) => s.trim()));
  const full = values.only === undefined;
  const started = performance.now();
  const date = new Date();

  const b105Plan = await loadPlanFile(B105_FILE);
  const expectedText = generatePlan({
    ...B105_OPTIONS,
    header: headerFor(B105_OPTIONS, 'plans/b105.yaml', generatePlan(B105_OPTIONS)),
  }).text;
  if (readFileSync(B105_FILE, 'utf8') !== expectedText) {
    log('warning: plans/b105.yaml differs from what bench/generate-plan.ts makes; regenerate it (see its header)');
  }
  const limitsPlan = parsePlan(generatePlan(LIMITS_PLAN).text, 'limits40.yaml');

  // The limits runs wait on GitHub's windows, not the CPU: unless --serial they run beside the B105 runs.
  let limitsPromise: Promise<LimitsResult> | undefined;
  if (only.has('limits') && !values.serial) limitsPromise = benchLimits(limitsPlan);
  const b105 = only.has('b105') ? await benchB105(b105Plan, runs) : undefined;
  const limits = only.has('limits') ? await (limitsPromise ?? benchLimits(limitsPlan)) : undefined;
  const scale = only.has('scale') ? await benchScale() : undefined;
  const startup = only.has('startup') ? await benchStartup() : undefined;
  const npmPackage = only.has('package') ? benchPackage() : undefined;
  const totalSeconds = (performance.now() - started) / 1000;

  const targets = targetsFor(b105, limits, scale);
  const m = machine();
  const sections = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}; Node ${m.node}. ` +
      `Date: ${date.toISOString()}. Whole benchmark: ${seconds(totalSeconds * 1000)}.`,
    ...(b105 ? [b105Markdown(b105, b105Plan, runs)] : []),
    ...(limits ? [limitsMarkdown(limits, limitsPlan)] : []),
    ...(scale ? [scaleMarkdown(scale)] : []),
    ...(startup ? [startupMarkdown(startup)] : []),
    ...(npmPackage ? [packageMarkdown(npmPackage)] : []),
    [
      '### Targets (issue 7)',
      '',
      table(
        ['target', 'measured', 'result'],
        targets.map((t) => [t.target, t.measured, passFail(t.pass)]),
      ),
      '',
      'Timing targets are reported, never enforced: a missed one does not fail `npm run bench`.',
    ].join('\n'),
  ];
  const markdown = sections.join('\n\n');
  process.stdout.write(`${markdown}\n`);

  if (full) {
    const json = {
      date: date.toISOString(),
      machine: m,
      totalSeconds,
      options: { runs, serial: values.serial },
      b105: b105 && { latencyMs: B105_LATENCY_MS, items: b105Plan.items.length, ...b105 },
      limits: limits && {
        latencyMs: LIMITS_LATENCY_MS,
        concurrency: LIMITS_CONCURRENCY,
        items: limitsPlan.items.length,
        plan: LIMITS_PLAN,
        ...limits,
      },
      scale: scale && { concurrency: SCALE_CONCURRENCY, plans: SCALE_PLANS, ...scale },
      startup,
      package: npmPackage,
      targets,
      failures,
    };
    const benchDir = join(ROOT, 'bench');
    writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(join(benchDir, 'RESULTS.md'), resultsFile(markdown, values.serial));
    log(`wrote ${relative(process.cwd(), join(benchDir, 'results.json'))} and RESULTS.md`);
  } else {
    log('(a subset ran: bench/results.json and bench/RESULTS.md are written only by a full run)');
  }
  if (failures.length > 0) {
    log(`some syncs failed, the figures above are not valid:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

function resultsFile(markdown: string, serial: boolean): string {
  return `# Benchmark results

The latest \`npm run bench\` (issue 7). planpilot's speed is bounded by GitHub, not the CPU, so it is measured as
requests made, wall time at a realistic latency, and distance from the floor GitHub's limits impose. The scenarios
run the library entry (\`sync()\` with a client from \`createGitHubClient\`) against the fake GitHub of
\`test/fake-github\`, in-process, a fresh one per run; only the scale syncs run the built CLI (the same \`sync()\`)
in a process of their own, to measure its memory. Timings come with ratios beside them: the machine is shared and
noisy, the ratios less so. Request counts are deterministic.

${markdown}

## How to reproduce

\`\`\`sh
npm ci
npm run bench                        # all scenarios; prints the tables, writes bench/results.json and bench/RESULTS.md
npm run bench -- --runs 1            # one B105 run per concurrency instead of 3 (faster, noisier)
npm run bench -- --only b105,scale   # a subset: prints the tables only
npm run bench -- --serial            # run the GitHub-limits pair after the B105 runs rather than beside them
npx tsx bench/generate-plan.ts --out plans/b105.yaml   # regenerates B105 (deterministic)
\`\`\`

- B105 is \`plans/b105.yaml\`, made by \`bench/generate-plan.ts\` (its header says how). The GitHub-limits plan
  (${LIMITS_PLAN.epics} epics × ${LIMITS_PLAN.storiesPerEpic} stories × ${LIMITS_PLAN.tasksPerStory} tasks, ${LIMITS_PLAN.dependencies} edges) and the scale plans
  (10 and 50 epics × 9 stories × 10 tasks, 0.6 edges an item) are generated on the fly with fixed seeds.
- The fake adds a fixed latency to every answer (no jitter). B105 runs \`--pacing off\` against the fake without
  limits, so the wall time is round trips and concurrency; the GitHub-limits scenario runs the default pacing against
  the fake's \`github\` profile (100 concurrent requests, 900 points a minute, 80 POSTs a minute and 500 an hour),
  which answers 403 "secondary rate limit" to a request over any of them.
- ${serial ? 'This run was made with `--serial`: the GitHub-limits pair ran after the B105 runs.' : 'The two GitHub-limits runs (pacer, stock groups) wait on one-minute windows and hardly use the CPU, so they run side by side, and beside the B105 runs; `--serial` runs them afterwards instead (about 4 minutes more: the stock-groups run alone takes that long).'}
- Scale: validation and dry runs go through the library in a fresh child process per size
  (\`bench/scale-child.ts\`); the first sync is the built CLI, \`planpilot sync --json\`, in plain Node (the bench
  builds it first), against the fake in the bench process, so its peak RSS (\`process.resourceUsage().maxRSS\`)
  is planpilot's own, without the fake or the tsx loader.
`;
}

await main();
