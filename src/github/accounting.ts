/** Counts what the client sent, attempt by attempt, for the run report and the benchmark. */

export interface RequestStats {
  /** HTTP attempts sent, retries included. */
  total: number;
  /** GET and HEAD attempts. */
  reads: number;
  /** Attempts with any other method. */
  writes: number;
  /** Attempts that repeated an earlier one (after a 5xx, a network error or a rate-limit answer). */
  retries: number;
  /** Rate-limit answers the client waited out (one per request and wait). */
  rateLimitWaits: number;
  /** Wall-clock time during which at least one request waited for a rate limit; parallel waits overlap. */
  rateLimitWaitMs: number;
  /** Requests the pacer held back to keep to GitHub's documented limits (no rate-limit answer involved). */
  pacingWaits: number;
  /** Their waits, summed (the creating and the other queue can wait at the same time). */
  pacingWaitMs: number;
  /** Attempts by route template, e.g. `POST /repos/{owner}/{repo}/issues`. */
  byRoute: Record<string, number>;
}

export interface AttemptOptions {
  method: string;
  url: string;
  baseUrl?: string;
  /** A GraphQL request's document (octokit.graphql passes it as an option of `POST /graphql`). */
  query?: string;
  headers?: Record<string, string | number | undefined>;
}

/**
 * The method a request counts as: GitHub's secondary limits cost a GraphQL query like a read and a mutation like a
 * write, though both travel as `POST /graphql`.
 */
export function effectiveMethod(options: AttemptOptions): string {
  const method = options.method.toUpperCase();
  if (method === 'POST' && typeof options.query === 'string' && /\/graphql$/.test(options.url)) {
    return /^\s*mutation\b/.test(options.query) ? 'POST' : 'GET';
  }
  return method;
}

/**
 * `METHOD /template`. Octokit hands hooks the route template (`/repos/{owner}/{repo}`) before expansion; a
 * paginated next page arrives as an absolute URL instead, which we cut down to its path so keys stay few.
 */
export function routeKey(options: AttemptOptions): string {
  let path = options.url;
  if (/^https?:\/\//i.test(path)) {
    path = new URL(path).pathname;
    const basePath = options.baseUrl ? new URL(options.baseUrl).pathname.replace(/\/+$/, '') : '';
    if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
  }
  return `${options.method.toUpperCase()} ${path.split('?')[0]}`;
}

export class RequestAccounting {
  // Both plugins retry by passing the very same options object down again, so a second sighting is a retry.
  private readonly attempted = new WeakSet<object>();
  private readonly counts: Omit<RequestStats, 'byRoute' | 'rateLimitWaitMs' | 'pacingWaits' | 'pacingWaitMs'> = {
    total: 0,
    reads: 0,
    writes: 0,
    retries: 0,
    rateLimitWaits: 0,
  };
  private readonly byRoute = new Map<string, number>();
  private waitedMs = 0;
  private waitCoveredUntil = 0;

  recordAttempt(options: AttemptOptions): void {
    this.counts.total++;
    const method = effectiveMethod(options);
    if (method === 'GET' || method === 'HEAD') this.counts.reads++;
    else this.counts.writes++;
    if (this.attempted.has(options)) this.counts.retries++;
    else this.attempted.add(options);
    const key = routeKey(options);
    this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
  }

  recordRateLimitWait(waitMs: number, now: number = Date.now()): void {
    this.counts.rateLimitWaits++;
    const end = now + waitMs;
    this.waitedMs += Math.max(0, end - Math.max(now, this.waitCoveredUntil));
    this.waitCoveredUntil = Math.max(this.waitCoveredUntil, end);
  }

  snapshot(): RequestStats {
    return {
      ...this.counts,
      rateLimitWaitMs: this.waitedMs,
      pacingWaits: 0,
      pacingWaitMs: 0,
      byRoute: Object.fromEntries(this.byRoute),
    };
  }
}

/** The totals of several clients (the main one and the Projects v2 one), for the report. */
export function combinedStats(all: readonly RequestStats[]): RequestStats | undefined {
  if (all.length === 0) return undefined;
  const [first, ...rest] = all;
  return rest.reduce(
    (sum, s) => ({
      total: sum.total + s.total,
      reads: sum.reads + s.reads,
      writes: sum.writes + s.writes,
      retries: sum.retries + s.retries,
      rateLimitWaits: sum.rateLimitWaits + s.rateLimitWaits,
      rateLimitWaitMs: sum.rateLimitWaitMs + s.rateLimitWaitMs,
      pacingWaits: sum.pacingWaits + s.pacingWaits,
      pacingWaitMs: sum.pacingWaitMs + s.pacingWaitMs,
      byRoute: {},
    }),
    first!,
  );
}
