/**
 * The one Octokit a run uses: p-limit on every HTTP attempt, pacing to GitHub's secondary limits, rate-limit
 * waits (plugin-throttling), retries of 5xx and network errors (plugin-retry), accounting and token redaction.
 *
 * Request hooks nest in registration order, the first registered innermost. Ours sit on both sides of the plugins:
 *   outer hook (RateLimitError, redaction) → plugin-retry → plugin-throttling → attempt hook (pacer, accounting,
 *   429 labelling) → auth → bounded fetch (p-limit, deadline)
 * so the attempt hook and the bounded fetch run once per HTTP attempt, retries included.
 */
import { format } from 'node:util';
import type { Octokit as CoreOctokit, OctokitOptions } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { type ThrottlingOptions, throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { type Interruption, interruptionOf, unlessAborted } from '../interrupt.js';
import { type AttemptOptions, effectiveMethod, RequestAccounting, type RequestStats, routeKey } from './accounting.js';
import { createBoundedFetch } from './bounded-fetch.js';
import { Liveness } from './liveness.js';
import { type Clock, Pacer } from './pacer.js';
import { createRateLimitHandlers, labelUnrecognisedSecondaryLimit, toRateLimitError } from './rate-limits.js';
import { redactError, redactSecrets } from './redact.js';
import { defaultUserAgent } from './user-agent.js';

export type { RequestStats } from './accounting.js';
export { ContentBudgetError } from './pacer.js';
export { RateLimitError } from './rate-limits.js';

export type Pacing = 'github' | 'off';

/** GitHub's REST API version planpilot is written for (docs: "API Versions"). */
export const GITHUB_API_VERSION = '2022-11-28';

export interface ClientOptions {
  /** Undefined only for an offline dry run, where no client is created. */
  token?: string;
  apiUrl: string;
  /** 1..100, validated by the caller with parseMaxConcurrency. */
  maxConcurrency: number;
  pacing: Pacing;
  userAgent?: string;
  log?: (message: string) => void;
  /** The libraries' chatter (Octokit's debug, info and error lines), redacted; dropped when not given. */
  debug?: (message: string) => void;
  /** Retries of 5xx answers and network errors; also bounds the waits for one request's rate-limit answers. */
  maxRetries?: number;
  /** A primary-limit reset further away than this fails at once with RateLimitError. */
  maxRateLimitWaitMs?: number;
  /** Deadline of each HTTP attempt; a missed deadline counts as a network error. */
  requestTimeoutMs?: number;
  /** The run stops once GitHub has answered nothing for this long, retries included (default 3 × the deadline). */
  stallLimitMs?: number;
  /** plugin-retry waits retryBaseDelayMs × n² before retry n; tests shrink it. */
  retryBaseDelayMs?: number;
  /** Keep plugin-throttling's stock Bottleneck groups (1 s between writes, 3 s between issue creations, at most
   *  10 requests at once), for the benchmark to compare against. */
  stockThrottleGroups?: boolean;
  /** A pacer to use instead of a fresh one on the system clock (tests inject limits and a fake clock). */
  pacer?: Pacer;
  clock?: Clock;
  /** When GitHub's hourly content-creation budget (500) is spent: wait for it, or stop with ContentBudgetError. */
  onHourlyLimit?: 'wait' | 'stop';
  /** Once `stop` aborts, no attempt is sent (queued ones included); once `abort` does, those in flight are cut off. */
  interrupt?: Interruption;
}

/** The stall limit, in request time-outs: a request's first attempt and two retries may each time out. */
export const STALL_LIMIT_TIMEOUTS = 3;

// Typed as plain Octokit: the plugins add no API we use, and the inferred type cannot be emitted in declarations.
const PlanpilotOctokit: typeof Octokit = Octokit.plugin(attemptHookPlugin, throttling, retry);

export interface GitHubClient {
  octokit: Octokit;
  /** How the client sends: the cost estimate's ETA follows these rather than assuming defaults. */
  sending: { maxConcurrency: number; pacing: Pacing };
  stats(): RequestStats;
  pacer: Pacer;
  /** The most HTTP attempts that were in flight at once. */
  inFlightPeak(): number;
}

type RequestHook = (
  request: (options: AttemptOptions) => Promise<unknown>,
  options: AttemptOptions,
) => Promise<unknown>;

/** Registered before the throttling and retry plugins, so it wraps each attempt rather than each call. */
function attemptHookPlugin(octokit: CoreOctokit, options: OctokitOptions): Record<string, never> {
  const hook = options.planpilotAttemptHook as RequestHook | undefined;
  if (hook) octokit.hook.wrap('request', hook as never);
  return {};
}

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const secrets = options.token ? [options.token] : [];
  const log = (message: string) => options.log?.(redactSecrets(message, secrets));
  const libraryLog = redactingLibraryLog(secrets, log, options.debug);
  const maxRetries = options.maxRetries ?? 3;
  const maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 10 * 60_000;
  const accounting = new RequestAccounting();
  const pacer =
    options.pacer ??
    new Pacer({ ...(options.clock ? { clock: options.clock } : {}), onHourlyLimit: options.onHourlyLimit ?? 'wait' });
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const liveness = new Liveness({
    apiUrl: options.apiUrl,
    stallLimitMs: options.stallLimitMs ?? STALL_LIMIT_TIMEOUTS * requestTimeoutMs,
    log,
  });
  const boundedFetch = createBoundedFetch({
    maxConcurrency: options.maxConcurrency,
    timeoutMs: requestTimeoutMs,
    watch: liveness,
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
  const stop = options.interrupt?.stop;

  // An InterruptedError thrown here carries no `request`, so plugin-retry does not retry it.
  const attemptHook: RequestHook = async (request, attempt) => {
    stop?.throwIfAborted();
    const method = effectiveMethod(attempt);
    const ticket = options.pacing === 'github' ? await unlessAborted(pacer.acquire(method), stop) : undefined;
    let sent = true;
    try {
      stop?.throwIfAborted();
      try {
        liveness.beforeAttempt(method);
      } catch (error) {
        sent = false; // GitHub has been silent too long: this attempt is not sent.
        throw error;
      }
      return await request(attempt);
    } catch (error) {
      const interrupted = interruptionOf(error);
      if (interrupted) {
        // Counted only when it left: one still queued in the p-limit, or held above, never reached GitHub.
        sent = interrupted.inFlight;
        throw interrupted;
      }
      labelUnrecognisedSecondaryLimit(error);
      // An error that is not Octokit's RequestError is never retried by plugin-retry (its error hook rethrows it,
      // and its limiter's `failed` handler cannot read a retry count off it, so it schedules none).
      throw liveness.judge(error, routeKey(attempt)) ?? error;
    } finally {
      if (sent) accounting.recordAttempt(attempt);
      ticket?.settle();
    }
  };

  const throttle = {
    ...createRateLimitHandlers({ log, accounting, maxRetries, maxRateLimitWaitMs }),
    ...(options.stockThrottleGroups ? {} : passThroughGroups()),
  };

  const octokit = new PlanpilotOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent ?? defaultUserAgent(),
    // @octokit/request logs with `request.log`, not Octokit's `log`, and falls back to console (a deprecation
    // notice names the URL); both get the redacting logger, so no library line reaches output unredacted.
    request: { fetch: boundedFetch.fetch, log: libraryLog },
    log: libraryLog,
    throttle: throttle as ThrottlingOptions,
    retry: {
      retries: maxRetries,
      retryAfterBaseValue: options.retryBaseDelayMs ?? 1000,
      // The stock list plus 429: rate-limit answers are plugin-throttling's to wait out; retrying them here too
      // would ignore retry-after and hammer GitHub. Requests passing `request: { retries: 0 }` are never retried:
      // the sync engine sets that on POSTs that create an issue, because a 502 or a timeout can arrive after
      // GitHub created it, and a blind retry would create a duplicate; it checks what exists before trying again.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    planpilotAttemptHook: attemptHook,
  });

  // The REST API version the code is written for, on every request (GitHub answers with the newest otherwise).
  octokit.hook.before('request', (request) => {
    request.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  octokit.hook.wrap('request', async (request, attempt) => {
    try {
      return await request(attempt);
    } catch (error) {
      throw redactError(toRateLimitError(error, attempt, maxRateLimitWaitMs) ?? error, secrets);
    }
  });

  return {
    octokit,
    sending: { maxConcurrency: options.maxConcurrency, pacing: options.pacing },
    stats: () => {
      const paced = pacer.waits();
      return { ...accounting.snapshot(), pacingWaits: paced.count, pacingWaitMs: paced.totalMs };
    },
    pacer,
    inFlightPeak: boundedFetch.inFlightPeak,
  };
}

/**
 * Octokit's logger (debug, info, warn, error), every level redacted. Warnings (a deprecated endpoint, a throttling
 * notice) reach `log`; the rest is chatter for `debug`: requestLog reports every request through info and every
 * failed attempt through error, and the sync reports failures itself.
 */
function redactingLibraryLog(
  secrets: readonly string[],
  log: (message: string) => void,
  debug: ((message: string) => void) | undefined,
) {
  const text = (args: unknown[]) => format(...args);
  const chatter = (...args: unknown[]) => debug?.(redactSecrets(text(args), secrets));
  return { debug: chatter, info: chatter, warn: (...args: unknown[]) => log(text(args)), error: chatter };
}

/**
 * Bottleneck groups that schedule at once. The stock ones space writes 1 s apart and issue creations 3 s apart,
 * one at a time, and cap everything at 10 in flight: far below GitHub's limits, which our pacer and p-limit
 * already enforce. plugin-throttling v11 reads `global`, `auth`, `search`, `write` and `notifications` from its
 * options (only some are in its types) and calls `group.key(id).schedule(jobOptions, fn, ...args)`.
 */
function passThroughGroups() {
  const group = {
    key: () => ({
      schedule: (...args: unknown[]) => {
        const [first, ...rest] = args;
        const [fn, ...fnArgs] = (typeof first === 'function' ? args : rest) as [(...a: unknown[]) => unknown];
        return Promise.resolve().then(() => fn(...fnArgs));
      },
    }),
  };
  return { global: group, auth: group, search: group, write: group, notifications: group };
}
