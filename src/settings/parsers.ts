/**
 * The parsers of single settings values, shared by the CLI's flags and the Action's inputs. A leaf module: the CLI
 * parses its flags with it before any command loads the sync engine and Octokit (start-up time, issue 18).
 */
import { UsageError } from '../errors.js';
import type { Pacing } from '../github/client.js';
import { LABEL_NAME_MAX } from '../github-limits.js';

export { parseMaxConcurrency } from '../github/concurrency.js';

/** A label: 1 to 50 characters (GitHub's limit) without commas (they separate labels in GitHub's search). */
export function parseLabel(value: string): string {
  const label = value.trim();
  if (label === '' || label.length > LABEL_NAME_MAX || label.includes(',')) {
    throw new UsageError(`must be 1 to ${LABEL_NAME_MAX} characters without commas; got '${value}'`);
  }
  return label;
}

/** How many orphans one `--prune` may close: a whole number, 0 or more. */
export function parseMaxPrune(value: string): number {
  const text = value.trim();
  if (!/^\d{1,6}$/.test(text)) throw new UsageError(`must be a whole number, 0 or more; got '${value}'`);
  return Number(text);
}

export function parsePacing(value: string): Pacing {
  const pacing = value.trim();
  if (pacing !== 'github' && pacing !== 'off') throw new UsageError(`must be github or off; got '${value}'`);
  return pacing;
}
