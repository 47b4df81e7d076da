/**
 * The one phase runner: every phase of a run (creates, enrich, relations, cleanup, project) goes through it. It
 * emits the progress events, runs the units in parallel (units that share a lane one after another: GitHub refuses
 * parallel sub-issue adds to one parent), records each failure without stopping the others, and once GitHub's
 * budget is spent (RateLimitError, ContentBudgetError) starts no further unit: those are skipped, for a re-run.
 */
import { ContentBudgetError, RateLimitError } from '../../github/client.js';
import { describeError, ServerStalledError } from '../errors.js';
import type { Phase, ProgressListener } from '../progress.js';

export interface Run {
  emit: ProgressListener;
  /** Set by the first unit that finds the budget spent (or GitHub silent); every later unit is skipped. */
  halted?: RateLimitError | ContentBudgetError | ServerStalledError;
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

/** Errors after which no unit starts: a spent budget, or a GitHub that stopped answering. */
export function isRunStop(error: unknown): error is NonNullable<Run['halted']> {
  return isBudgetStop(error) || error instanceof ServerStalledError;
}

export async function runPhase<T>(run: Run, spec: PhaseSpec<T>): Promise<PhaseResult> {
  const result: PhaseResult = { failed: new Map(), skipped: new Map() };
  run.emit({ type: 'phase-start', phase: spec.phase, total: spec.work.length });
  const runUnit = async (unit: T) => {
    const id = spec.id(unit);
    if (run.halted) {
      result.skipped.set(id, run.halted.message);
      return;
    }
    run.emit({ type: 'item', phase: spec.phase, id, status: 'starting' });
    try {
      const number = await spec.step(unit);
      run.emit({ type: 'item', phase: spec.phase, id, status: 'completed', ...(number ? { number } : {}) });
    } catch (error) {
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
