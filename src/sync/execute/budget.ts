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
}

const COUNTDOWN_STEP_MS = 30_000;

export async function ensureBudget(api: GitHubApi, needed: number, options: BudgetOptions): Promise<void> {
  const now = options.now ?? Date.now;
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
    const message =
      `This sync needs ${needed} more requests but only ${budget.remaining} of ${budget.limit} remain until GitHub's ` +
      `rate limit resets at ${reset}.`;
    if (!options.waitForBudget) {
      throw new SyncError(
        `${message} Nothing was written. Re-run after ${reset}, or pass --wait-for-budget to wait for the reset.`,
        ExitCode.Budget,
      );
    }
    options.log(`${message} Waiting for the reset (--wait-for-budget).`);
    for (let left = budget.resetAt.getTime() + 1000 - now(); left > 0; left = budget.resetAt.getTime() + 1000 - now()) {
      options.log(`  ${formatDuration(Math.ceil(left / 1000))} until the rate limit resets`);
      await options.sleep(Math.min(left, COUNTDOWN_STEP_MS));
    }
  }
}
