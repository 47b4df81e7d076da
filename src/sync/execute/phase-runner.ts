/**
 * The one phase runner: every phase of a run (creates, enrich, relations, cleanup, project) goes through it. It
 * emits the progress events, runs the units in parallel (units that share a lane one after another: GitHub refuses
 * parallel sub-issue adds to one parent), records each failure without stopping the others, and once GitHub's
 * budget is spent (RateLimitError, ContentBudgetError) or the run is interrupted (InterruptedError) starts no further
 * unit: those are skipped, for a re-run. Units in flight at an interrupt get the grace period, then are given up on.
 */
import { ContentBudgetError, RateLimitError } from '../../github/client.js';
import { InterruptedError, type Interruption, interruptionOf, unlessAborted } from '../../interrupt.js';
import { describeError, ServerStalledError } from '../errors.js';
import type { Phase, ProgressListener } from '../progress.js';

export interface Run {
  emit: ProgressListener;
  /** Set by the first unit that finds the budget spent, GitHub silent or the run interrupted; later units are skipped. */
  halted?: RateLimitError | ContentBudgetError | ServerStalledError | InterruptedError;
  interrupt?: Interruption;
}

export interface PhaseResult {
  /** Unit id → what went wrong. */
  failed: Map<string, string>;
  /** Unit id → why it did not start. */
  skipped: Map<string, string>;
}

export interface PhaseSpec<T> {
  phase: Phase;
  work: readonly T[];
  id: (unit: T) => string;
  /** Units with the same lane run in order; default: each its own lane. */
  lane?: (unit: T) => string;
  /** Does the unit's work; returns the issue number to show, if any. */
  step: (unit: T) => Promise<number | undefined>;
  /** A failure's message, when GitHub's words need advice added. */
  describe?: (error: unknown) => string;
}

export function isBudgetStop(error: unknown): error is RateLimitError | ContentBudgetError {
  return error instanceof RateLimitError || error instanceof ContentBudgetError;
}

/** Errors after which no unit starts: a spent budget, a GitHub that stopped answering, or an interrupt. */
export function isRunStop(error: unknown): error is NonNullable<Run['halted']> {
  return isBudgetStop(error) || error instanceof ServerStalledError || error instanceof InterruptedError;
}

export async function runPhase<T>(run: Run, spec: PhaseSpec<T>): Promise<PhaseResult> {
  const result: PhaseResult = { failed: new Map(), skipped: new Map() };
  run.emit({ type: 'phase-start', phase: spec.phase, total: spec.work.length });
  const runUnit = async (unit: T) => {
    const id = spec.id(unit);
    if (!run.halted && run.interrupt?.stop.aborted) run.halted = run.interrupt.stop.reason as InterruptedError;
    if (run.halted) {
      result.skipped.set(id, run.halted.message);
      return;
    }
    run.emit({ type: 'item', phase: spec.phase, id, status: 'starting' });
    try {
      // A step that waits on something other than a request (a rate-limit wait) is given up on at the deadline.
      const number = await unlessAborted(spec.step(unit), run.interrupt?.abort);
      run.emit({ type: 'item', phase: spec.phase, id, status: 'completed', ...(number ? { number } : {}) });
    } catch (error) {
      const interrupted = interruptionOf(error);
      if (interrupted) {
        // Not a failure: the unit was not done, and a re-run does it (a create cut off in flight is found by its
        // marker). Reported as skipped, with the reason.
        // The units after it were not started: they are skipped with the stop's reason, not this one's.
        run.halted ??= interrupted.inFlight
          ? ((run.interrupt?.stop.reason as InterruptedError) ?? interrupted)
          : interrupted;
        result.skipped.set(id, interrupted.message);
        return;
      }
      if (isRunStop(error)) run.halted ??= error;
      const message = spec.describe?.(error) ?? describeError(error);
      result.failed.set(id, message);
      run.emit({ type: 'item', phase: spec.phase, id, status: 'failed', message });
    }
  };
  const lanes = new Map<string, T[]>();
  spec.work.forEach((unit, index) => {
    const lane = spec.lane?.(unit) ?? `#${index}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), unit]);
  });
  await Promise.all(
    [...lanes.values()].map(async (units) => {
      for (const unit of units) await runUnit(unit);
    }),
  );
  run.emit({ type: 'phase-end', phase: spec.phase });
  return result;
}
