import { InvalidArgumentError } from 'commander';

import { MAX_CONCURRENT_REQUESTS } from '../github-limits.js';

/** GitHub's secondary limits allow at most 100 concurrent requests. */
export const MAX_CONCURRENCY = MAX_CONCURRENT_REQUESTS;

/**
 * Parses --max-concurrency. Throws commander's InvalidArgumentError (a plain Error elsewhere, e.g. in the
 * Action) so that, used as an option parser, commander reports it and the CLI exits with code 2.
 */
export function parseMaxConcurrency(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_CONCURRENCY}; got '${value}'`);
  }
  const n = Number(text);
  if (n < 1 || n > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(
      `must be from 1 to ${MAX_CONCURRENCY} (GitHub allows at most ${MAX_CONCURRENCY} concurrent requests); got ${value}`,
    );
  }
  return n;
}
