/**
 * How the client answers GitHub's rate-limit responses, on top of @octokit/plugin-throttling v11.
 *
 * GitHub (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors):
 * a primary limit answers 403 or 429 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (epoch seconds);
 * a secondary limit answers 403 or 429 with a message naming it, often with `retry-after` (seconds), else wait
 * at least a minute. The plugin recognises a secondary limit only by the words "secondary rate" in the message.
 */
import { ExitCode } from '../exit-codes.js';
import type { AttemptOptions, RequestAccounting } from './accounting.js';
import { routeKey } from './accounting.js';

/** The primary rate limit is used up and resets later than we are willing to wait, or kept failing after waits. */
export class RateLimitError extends Error {
  /** The budget is spent: exit 4 from the CLI and the Action. */
  readonly exitCode = ExitCode.Budget;
  readonly resetAt: Date;
  readonly route: string;
  readonly status: number;
  constructor(message: string, details: { resetAt: Date; route: string; status: number; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.name = 'RateLimitError';
    this.resetAt = details.resetAt;
    this.route = details.route;
    this.status = details.status;
  }
}

interface HttpErrorShape {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

function asHttpError(error: unknown): HttpErrorShape | undefined {
  if (!(error instanceof Error)) return undefined;
  const status = (error as Partial<HttpErrorShape>).status;
  return typeof status === 'number' ? (error as Error & HttpErrorShape) : undefined;
}

const SECONDARY_WORDS = /\bsecondary rate\b/i;

function isPrimaryLimit(error: HttpErrorShape): boolean {
  return (
    (error.status === 403 || error.status === 429) &&
    !SECONDARY_WORDS.test(error.message) &&
    String(error.response?.headers?.['x-ratelimit-remaining']) === '0'
  );
}

/**
 * The plugin leaves a 429 alone unless its message says "secondary rate" or the primary budget is at 0, and
 * GitHub's older abuse-detection 403s (or a bare 403 with `retry-after`) likewise: those would fail at once.
 * GitHub documents every 429 or `retry-after` that is not a primary limit as a secondary one, so we label the
 * error in words the plugin recognises; it then waits `retry-after`, or its 60 s fallback.
 */
export function labelUnrecognisedSecondaryLimit(error: unknown): void {
  const http = asHttpError(error);
  if (!http || SECONDARY_WORDS.test(http.message)) return;
  if (String(http.response?.headers?.['x-ratelimit-remaining']) === '0') return;
  const hasRetryAfter = http.response?.headers?.['retry-after'] !== undefined;
  const isSecondary =
    http.status === 429 || (http.status === 403 && (hasRetryAfter || /\babuse\b/i.test(http.message)));
  if (isSecondary) http.message = `${http.message} (HTTP ${http.status}: treated as a secondary rate limit)`;
}

export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds}s` : `${Math.round(seconds / 60)} min`;
}

/** Turns a primary-limit answer that we did not (or no longer) wait for into a RateLimitError naming the reset. */
export function toRateLimitError(
  error: unknown,
  options: AttemptOptions,
  maxRateLimitWaitMs: number,
  now: number = Date.now(),
): RateLimitError | undefined {
  const http = asHttpError(error);
  if (!http || !isPrimaryLimit(http)) return undefined;
  const resetSeconds = Number(http.response?.headers?.['x-ratelimit-reset']);
  const resetAt = new Date(Number.isFinite(resetSeconds) && resetSeconds > 0 ? resetSeconds * 1000 : now);
  const route = routeKey(options);
  const untilReset = resetAt.getTime() - now;
  const message =
    untilReset > maxRateLimitWaitMs
      ? `GitHub's rate limit for this token is used up (on ${route}) until ${resetAt.toISOString()}, ` +
        `${formatWait(untilReset)} from now, longer than the ${formatWait(maxRateLimitWaitMs)} planpilot waits; ` +
        'run again after the reset'
      : `GitHub's rate limit for this token is still used up (on ${route}) after waiting; ` +
        `it resets at ${resetAt.toISOString()}`;
  return new RateLimitError(message, { resetAt, route, status: http.status, cause: error });
}

export interface RateLimitPolicy {
  log: (message: string) => void;
  accounting: RequestAccounting;
  maxRetries: number;
  maxRateLimitWaitMs: number;
  now?: () => number;
}

type LimitHandler = (
  retryAfterSeconds: number,
  options: AttemptOptions,
  octokit: unknown,
  retryCount: number,
) => boolean;

/** plugin-throttling's handlers: returning true makes the plugin wait `retryAfterSeconds` and send again. */
export function createRateLimitHandlers(policy: RateLimitPolicy): {
  onRateLimit: LimitHandler;
  onSecondaryRateLimit: LimitHandler;
} {
  const now = policy.now ?? Date.now;
  // Parallel requests hit the same primary reset together; one line says it all.
  let lastLoggedPrimaryWakeAt = Number.NEGATIVE_INFINITY;

  const shouldWait = (waitMs: number, retryCount: number) =>
    waitMs <= policy.maxRateLimitWaitMs && retryCount < policy.maxRetries;

  return {
    onRateLimit(retryAfterSeconds, options, _octokit, retryCount) {
      const waitMs = retryAfterSeconds * 1000;
      if (!shouldWait(waitMs, retryCount)) return false;
      const wakeAt = now() + waitMs;
      if (Math.abs(wakeAt - lastLoggedPrimaryWakeAt) > 2000) {
        lastLoggedPrimaryWakeAt = wakeAt;
        policy.log(
          `Primary rate limit exhausted on ${routeKey(options)}; waiting ${formatWait(waitMs)} until ` +
            `${new Date(wakeAt).toISOString()} (retry ${retryCount + 1} of ${policy.maxRetries})`,
        );
      }
      policy.accounting.recordRateLimitWait(waitMs, now());
      return true;
    },
    onSecondaryRateLimit(retryAfterSeconds, options, _octokit, retryCount) {
      const waitMs = retryAfterSeconds * 1000;
      if (!shouldWait(waitMs, retryCount)) return false;
      policy.log(
        `Secondary rate limit hit on ${routeKey(options)}; waiting ${formatWait(waitMs)} ` +
          `(retry ${retryCount + 1} of ${policy.maxRetries})`,
      );
      policy.accounting.recordRateLimitWait(waitMs, now());
      return true;
    },
  };
}
