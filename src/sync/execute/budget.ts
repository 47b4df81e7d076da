/**
 * The primary rate-limit budget, checked before the first write: `GET /rate_limit` costs nothing against it. A run
 * that cannot finish within what is left does not start (exit 4, nothing written), or waits for the reset when asked.
 */
import { ExitCode } from '../../exit-codes.js';
import type { GitHubApi } from '../../github/api.js';
import { formatDuration } from '../diff/cost.js';
import { SyncError, statusOf } from '../errors.js';

export interface BudgetOptions {
  waitForBudget: boolean;
  sleep: (ms: number) => Promise<void>;
  log: (message: string) => void;
  now?: () => number;
  /** Tests shrink these; see STALE_RESET. */
  staleReset?: StaleResetPolicy;
}

/**
 * When the reset time has passed but GitHub still reports the budget low (the local clock runs ahead of GitHub's,
 * or GitHub is late), the check is repeated after growing pauses, and the wait given up after `giveUpAfterMs` of
 * them (the sum of the pauses, not the wall clock, so a wrong clock cannot stretch it).
 */
export interface StaleResetPolicy {
  firstPauseMs: number;
  maxPauseMs: number;
  giveUpAfterMs: number;
}

/** 5 s, 10 s, 20 s … at most 2 min apart; given up after 10 min: 10 checks of GET /rate_limit, not thousands. */
export const STALE_RESET: StaleResetPolicy = { firstPauseMs: 5_000, maxPauseMs: 120_000, giveUpAfterMs: 600_000 };

const COUNTDOWN_STEP_MS = 30_000;

export async function ensureBudget(api: GitHubApi, needed: number, options: BudgetOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const stale = options.staleReset ?? STALE_RESET;
  let pausedMs = 0;
  let pauseMs = stale.firstPauseMs;
  for (;;) {
    let budget: Awaited<ReturnType<GitHubApi['getRateLimit']>>;
    try {
      budget = await api.getRateLimit();
    } catch (error) {
      // GitHub Enterprise Server with rate limiting disabled answers 404: there is no budget to respect.
      if (statusOf(error) === 404) return;
      throw error;
    }
    if (budget.remaining >= needed) return;
    const reset = budget.resetAt.toISOString();
    const short = `This sync needs ${needed} more requests but only ${budget.remaining} of ${budget.limit} remain`;
    if (!options.waitForBudget) {
      throw new SyncError(
        `${short} until GitHub's rate limit resets at ${reset}. Nothing was written. Re-run after ${reset}, or pass ` +
          '--wait-for-budget to wait for the reset.',
        ExitCode.Budget,
      );
    }
    const untilReset = () => budget.resetAt.getTime() + 1000 - now();
    if (untilReset() > 0) {
      pausedMs = 0;
      pauseMs = stale.firstPauseMs;
      options.log(`${short} until GitHub's rate limit resets at ${reset}. Waiting for the reset (--wait-for-budget).`);
      for (let left = untilReset(); left > 0; left = untilReset()) {
        options.log(`  ${formatDuration(Math.ceil(left / 1000))} until the rate limit resets`);
        await options.sleep(Math.min(left, COUNTDOWN_STEP_MS));
      }
      continue;
    }
    if (pausedMs >= stale.giveUpAfterMs) {
      throw new SyncError(
        `${short}, though GitHub's rate limit was due to reset at ${reset}: it still had not restored the budget ` +
          `after ${formatDuration(Math.round(pausedMs / 1000))} of checks, so --wait-for-budget gives up. Nothing was ` +
          "written. Check this machine's clock (a clock ahead of GitHub's makes a reset look past), then re-run.",
        ExitCode.Budget,
      );
    }
    const pause = Math.min(pauseMs, stale.giveUpAfterMs - pausedMs);
    options.log(
      `${short}; the reset time (${reset}) has passed but GitHub has not restored the budget. Checking again in ` +
        `${formatDuration(Math.ceil(pause / 1000))}.`,
    );
    await options.sleep(pause);
    pausedMs += pause;
    pauseMs = Math.min(pauseMs * 2, stale.maxPauseMs);
  }
}
