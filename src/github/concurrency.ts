import { UsageError } from '../errors.js';
import { MAX_CONCURRENT_REQUESTS } from '../github-limits.js';

/** GitHub's secondary limits allow at most 100 concurrent requests. */
export const MAX_CONCURRENCY = MAX_CONCURRENT_REQUESTS;

/**
 * Parses a max-concurrency value (the CLI's --max-concurrency, the Action's max-concurrency input). Throws a
 * UsageError whose message says what is wrong with the value; the front end adds the setting's name.
 */
export function parseMaxConcurrency(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`must be a whole number from 1 to ${MAX_CONCURRENCY}; got '${value}'`);
  }
  const n = Number(text);
  if (n < 1 || n > MAX_CONCURRENCY) {
    throw new UsageError(
      `must be from 1 to ${MAX_CONCURRENCY} (GitHub allows at most ${MAX_CONCURRENCY} concurrent requests); got ${value}`,
    );
  }
  return n;
}
