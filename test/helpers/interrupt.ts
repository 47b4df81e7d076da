/**
 * Interrupts made exact: when the fake has answered `after` requests it freezes (FakeGitHub.hold) and the child gets
 * the signal. Nothing is answered while frozen, so the child, bounded by its p-limit, can send nothing new; once it
 * says it was interrupted the fake counts what arrived and lets go. Whatever arrives after that count left after
 * the signal.
 */
import type { ChildProcess } from 'node:child_process';
import type { FakeGitHub } from '../fake-github/server.js';
import { runNode } from './run-cli.js';
import { TEST_TOKEN } from './sync-cli.js';

/** What the CLI and the Action say on the first signal. */
export const INTERRUPT_NOTICE = 'starting nothing new';

export interface InterruptPlan {
  signal: NodeJS.Signals;
  /** Answered requests before the signal. */
  after: number;
  /** A second signal (true: the same one) once the child has said it was interrupted, the fake still frozen. */
  twice?: boolean | NodeJS.Signals;
  /** Keep the fake frozen until the child exits (in-flight requests then meet the grace period's end). */
  holdUntilExit?: boolean;
}

export interface Arrivals {
  /** Requests the fake had received when the child said it was interrupted, counted from the start. */
  atNotice: number;
  /** Requests the fake received in all. */
  total: number;
}

/**
 * Watches the fake and a child: signals the child (through `kill`, by default child.kill) as `plan` says.
 * `arrivals()` is meaningful once the child has exited.
 */
export function interruptWhen(
  fake: FakeGitHub,
  plan: InterruptPlan,
): { attach(child: ChildProcess, kill?: (signal: NodeJS.Signals) => void): void; arrivals(): Arrivals } {
  const from = fake.requests.length;
  let atNotice = -1;
  return {
    attach(child, kill = (signal) => child.kill(signal)) {
      let answered = 0;
      let output = '';
      const stopWatching = fake.onRequest(() => {
        answered += 1;
        if (answered !== plan.after) return;
        fake.hold();
        kill(plan.signal);
      });
      const noticed = (chunk: Buffer) => {
        output += chunk.toString();
        if (atNotice >= 0 || !output.includes(INTERRUPT_NOTICE)) return;
        atNotice = fake.requests.length - from;
        if (plan.twice) kill(plan.twice === true ? plan.signal : plan.twice);
        else if (!plan.holdUntilExit) fake.release();
      };
      child.stdout?.on('data', noticed);
      child.stderr?.on('data', noticed);
      child.on('close', () => {
        stopWatching();
        fake.release();
      });
    },
    arrivals: () => ({ atNotice, total: fake.requests.length - from }),
  };
}

/** Resolves once every request the fake received has its answer (frozen ones were let go). Not for drop faults. */
export async function settled(fake: FakeGitHub): Promise<void> {
  while (fake.requests.some((request) => request.status === 0)) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `planpilot sync <plan> --json` against the fake, interrupted as `plan` says. */
export async function syncAndInterrupt(
  fake: FakeGitHub,
  planFile: string,
  plan: InterruptPlan,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string } & Arrivals> {
  const watch = interruptWhen(fake, plan);
  const run = await runNode(
    ['bin/planpilot.js', 'sync', planFile, '--json', '--repo', 'acme/shop', '--pacing', 'off'],
    { GITHUB_TOKEN: TEST_TOKEN, GITHUB_API_URL: fake.url, PLANPILOT_RETRY_BASE_MS: '20', ...env },
    { onSpawn: (child) => watch.attach(child) },
  );
  await settled(fake);
  return { ...run, ...watch.arrivals() };
}
