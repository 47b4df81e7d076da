/** GitHub's primary rate limit (a budget per hour, reported in x-ratelimit-* headers) and its documented secondary limits. */
import type { RateLimitOptions } from './types.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export class PrimaryLimit {
  limit = 5000;
  remaining = 5000;
  resetEpochSeconds = 0;
  private resetAfterNextRequest: number | undefined;
  private staleReset = false;

  constructor(
    private readonly now: () => number,
    options: RateLimitOptions = {},
  ) {
    this.resetEpochSeconds = Math.floor(now() / 1000) + 3600;
    this.set(options);
  }

  set(options: RateLimitOptions): void {
    if (options.limit !== undefined) {
      this.limit = options.limit;
      if (options.remaining === undefined) this.remaining = options.limit;
    }
    if (options.remaining !== undefined) this.remaining = options.remaining;
    if (options.resetEpochSeconds !== undefined) this.resetEpochSeconds = options.resetEpochSeconds;
    this.resetAfterNextRequest = options.resetSecondsAfterNextRequest;
    if (options.staleReset !== undefined) this.staleReset = options.staleReset;
  }

  /** A new window starts once the reset time has passed (unless the reset is stale). */
  private roll(): void {
    if (this.staleReset) return;
    const nowSeconds = Math.floor(this.now() / 1000);
    if (this.resetAfterNextRequest !== undefined) {
      this.resetEpochSeconds = nowSeconds + this.resetAfterNextRequest;
      this.resetAfterNextRequest = undefined;
    }
    if (nowSeconds >= this.resetEpochSeconds) {
      this.remaining = this.limit;
      this.resetEpochSeconds = nowSeconds + 3600;
    }
  }

  /** Spends one request; false when the budget is gone. */
  take(): boolean {
    this.roll();
    if (this.remaining <= 0) return false;
    this.remaining -= 1;
    return true;
  }

  snapshot(): { limit: number; remaining: number; reset: number; used: number } {
    this.roll();
    return {
      limit: this.limit,
      remaining: this.remaining,
      reset: this.resetEpochSeconds,
      used: this.limit - this.remaining,
    };
  }

  headers(): Record<string, string> {
    const { limit, remaining, reset, used } = this.snapshot();
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    };
  }
}

/**
 * GitHub's documented secondary limits for REST (docs: "About secondary rate limits"): at most 100 concurrent
 * requests; 900 points a minute (GET, HEAD, OPTIONS cost 1, other methods 5); at most 80 content-creating
 * requests a minute and 500 an hour. Every POST counts as content-creating here. Refused requests do not count.
 */
export const SECONDARY = {
  maxConcurrent: 100,
  pointsPerMinute: 900,
  contentPerMinute: 80,
  contentPerHour: 500,
} as const;

export class SecondaryLimits {
  private points: { at: number; cost: number }[] = [];
  private content: number[] = [];

  constructor(private readonly now: () => number) {}

  /** Records the request and returns undefined, or says which limit it would break. */
  admit(method: string, concurrent: number): string | undefined {
    const now = this.now();
    this.points = this.points.filter((entry) => now - entry.at < MINUTE_MS);
    this.content = this.content.filter((at) => now - at < HOUR_MS);
    const read = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
    const cost = read ? 1 : 5;
    if (concurrent > SECONDARY.maxConcurrent) return 'concurrent requests';
    const spent = this.points.reduce((sum, entry) => sum + entry.cost, 0);
    if (spent + cost > SECONDARY.pointsPerMinute) return 'points per minute';
    if (method === 'POST') {
      const lastMinute = this.content.filter((at) => now - at < MINUTE_MS).length;
      if (lastMinute + 1 > SECONDARY.contentPerMinute) return 'content creation per minute';
      if (this.content.length + 1 > SECONDARY.contentPerHour) return 'content creation per hour';
      this.content.push(now);
    }
    this.points.push({ at: now, cost });
    return undefined;
  }
}
