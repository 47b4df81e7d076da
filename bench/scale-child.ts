/**
 * Validation and dry-run timings of one scale plan, in a fresh process so the first validation is cold, as
 * `planpilot validate` sees it: the first `loadPlanFile`, then the median of `repeats` more, then the median of
 * `repeats` offline dry runs. Prints one JSON line. (The first sync and its peak memory are measured on the built CLI
 * in plain Node by bench/run.ts, so that no tsx loader inflates the figure.)
 *
 *   tsx bench/scale-child.ts '{"plan":"/tmp/x.yaml","repeats":3}'
 */
import { loadPlanFile } from '../src/plan/index.js';
import { sync } from '../src/sync/sync.js';
import { median, minimalFirstSyncWrites } from './expected.js';

export interface ScaleChildInput {
  plan: string;
  repeats?: number;
}

export interface ScaleChildOutput {
  items: number;
  dependencies: number;
  validationColdMs: number;
  validationWarmMs: number;
  dryRunMs: number;
  /** Writes the dry run predicts (report.cost) and the minimum computed from the plan. */
  predictedWrites: number;
  minimalWrites: number;
}

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

const input = JSON.parse(process.argv[2] ?? '{}') as ScaleChildInput;
const repeats = input.repeats ?? 3;
const [plan, validationColdMs] = await time(() => loadPlanFile(input.plan));
const warm: number[] = [];
for (let i = 0; i < repeats; i++) warm.push((await time(() => loadPlanFile(input.plan)))[1]);
const dry: number[] = [];
let predictedWrites = 0;
for (let i = 0; i < repeats; i++) {
  const [report, ms] = await time(() =>
    sync(plan, { repo: 'acme/shop', dryRun: true, maxConcurrency: 10, pacing: 'off' }),
  );
  dry.push(ms);
  predictedWrites = report.cost.requests.writes;
}
const output: ScaleChildOutput = {
  items: plan.items.length,
  dependencies: plan.items.reduce((sum, item) => sum + item.dependsOn.length, 0),
  validationColdMs,
  validationWarmMs: median(warm),
  dryRunMs: median(dry),
  predictedWrites,
  minimalWrites: minimalFirstSyncWrites(plan).total,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
