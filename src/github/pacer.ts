/**
 * Paces requests to GitHub's documented secondary rate limits, as fast as they allow and no faster, so a sync
 * does not earn 403/429 answers (repeated ones can get a token blocked).
 *
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits:
 * at most 900 points a minute for REST (GET, HEAD and OPTIONS cost 1 point, other methods 5), at most 80
 * content-generating requests a minute and 500 an hour. GitHub does not list which requests generate content,
 * so every POST counts: creating issues and linking sub-issues or dependencies are all POSTs.
 */
import { ExitCode } from '../exit-codes.js';
import { SECONDARY_LIMITS } from '../github-limits.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PacingLimits {
  pointsPerMinute: number;
  contentCreationsPerMinute: number;
  contentCreationsPerHour: number;
}

export const GITHUB_SECONDARY_LIMITS: Readonly<PacingLimits> = SECONDARY_LIMITS;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export function pointsFor(method: string): number {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS' ? 1 : 5;
}

export function isContentCreating(method: string): boolean {
  return method.toUpperCase() === 'POST';
}

export interface PacerOptions {
  clock?: Clock;
  limits?: Partial<PacingLimits>;
  /** When the hourly content-creation budget is spent: wait for it (default) or throw ContentBudgetError. */
  onHourlyLimit?: 'wait' | 'stop';
}

/** The hourly content-creation budget (500 a hour) is spent and the run was asked not to wait for it. */
export class ContentBudgetError extends Error {
  /** The hourly content budget is spent: exit 4. */
  readonly exitCode = ExitCode.Budget;
  constructor(readonly availableAt: Date) {
    super(
      `GitHub's limit of content-creating requests an hour is reached; the next is possible at ${availableAt.toISOString()}. ` +
        'Re-run then to continue where this run stopped, or pass --wait-for-budget to wait.',
    );
    this.name = 'ContentBudgetError';
  }
}

export interface PacerTicket {
  /** The request got its answer: count it from now. */
  settle(): void;
}

export class Pacer {
  readonly limits: Readonly<PacingLimits>;
  private readonly clock: Clock;
  /** Requests of the last minute, oldest first. */
  private readonly spent: { at: number; points: number }[] = [];
  /** Content-creating requests of the last hour, oldest first. */
  private readonly creations: { at: number }[] = [];
  // Two queues, each first-come first-served: a read must not wait behind a POST that waits for the creation budget.
  private readonly queues = { creating: Promise.resolve(), other: Promise.resolve() };
  private waitCount = 0;
  private waitedMsTotal = 0;

  private readonly onHourlyLimit: 'wait' | 'stop';

  constructor(options: PacerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.onHourlyLimit = options.onHourlyLimit ?? 'wait';
    this.limits = { ...GITHUB_SECONDARY_LIMITS, ...options.limits };
  }

  /**
   * Resolves when a request with this method may be sent, and books it. Call the ticket's `settle()` when the
   * answer arrives: GitHub counts a request when it arrives, which can be well after it was let through (it may wait
   * for a connection slot), so the booking moves to the moment of the answer, which is never earlier.
   */
  acquire(method: string): Promise<PacerTicket> {
    const queue = isContentCreating(method) ? 'creating' : 'other';
    const turn = this.queues[queue].then(() => this.admit(method));
    this.queues[queue] = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  pointsLastMinute(): number {
    this.prune(this.clock.now());
    return this.spent.reduce((sum, entry) => sum + entry.points, 0);
  }

  contentCreatedLastMinute(): number {
    const now = this.clock.now();
    this.prune(now);
    return this.creations.filter((c) => c.at > now - MINUTE_MS).length;
  }

  contentCreatedLastHour(): number {
    this.prune(this.clock.now());
    return this.creations.length;
  }

  /** Requests that had to wait, and their waits summed (the two queues can wait at the same time). */
  waits(): { count: number; totalMs: number } {
    return { count: this.waitCount, totalMs: this.waitedMsTotal };
  }

  /** How long a request with this method would have to wait now; 0 if it may go at once. */
  delayFor(method: string): number {
    const now = this.clock.now();
    this.prune(now);
    let delay = 0;
    const used = this.spent.reduce((sum, entry) => sum + entry.points, 0);
    let excess = used + pointsFor(method) - this.limits.pointsPerMinute;
    for (const entry of this.spent) {
      if (excess <= 0) break;
      excess -= entry.points;
      delay = Math.max(delay, entry.at + MINUTE_MS - now);
    }
    if (isContentCreating(method)) {
      const inLastMinute = this.creations.filter((c) => c.at > now - MINUTE_MS);
      const overMinute = inLastMinute.length - this.limits.contentCreationsPerMinute;
      const leavesMinute = inLastMinute[overMinute]?.at;
      if (overMinute >= 0 && leavesMinute !== undefined) delay = Math.max(delay, leavesMinute + MINUTE_MS - now);
      const overHour = this.creations.length - this.limits.contentCreationsPerHour;
      const leavesHour = this.creations[overHour]?.at;
      if (overHour >= 0 && leavesHour !== undefined) delay = Math.max(delay, leavesHour + HOUR_MS - now);
    }
    return delay;
  }

  /** When the hourly content-creation budget frees a slot for one more POST; undefined when one is free now. */
  hourlySlotAt(): number | undefined {
    this.prune(this.clock.now());
    const over = this.creations.length - this.limits.contentCreationsPerHour;
    const leaves = this.creations[over]?.at;
    return over >= 0 && leaves !== undefined ? leaves + HOUR_MS : undefined;
  }

  private async admit(method: string): Promise<PacerTicket> {
    let waited = false;
    for (;;) {
      const slotAt = isContentCreating(method) ? this.hourlySlotAt() : undefined;
      if (slotAt !== undefined && this.onHourlyLimit === 'stop') throw new ContentBudgetError(new Date(slotAt));
      const delay = this.delayFor(method);
      if (delay <= 0) break;
      if (!waited) this.waitCount++;
      waited = true;
      this.waitedMsTotal += delay;
      await this.clock.sleep(delay);
    }
    const now = this.clock.now();
    const spent = { at: now, points: pointsFor(method) };
    this.spent.push(spent);
    const creation = isContentCreating(method) ? { at: now } : undefined;
    if (creation) this.creations.push(creation);
    let settled = false;
    return {
      settle: () => {
        if (settled) return;
        settled = true;
        const later = this.clock.now();
        if (later <= spent.at) return;
        spent.at = later;
        if (creation) creation.at = later;
        // Keep both windows oldest first.
        this.spent.sort((a, b) => a.at - b.at);
        this.creations.sort((a, b) => a.at - b.at);
      },
    };
  }

  /** An entry made at `at` counts while now - 60 s < at, so it frees its budget at exactly at + 60 s. */
  private prune(now: number): void {
    while (this.spent[0] !== undefined && this.spent[0].at <= now - MINUTE_MS) this.spent.shift();
    while (this.creations[0] !== undefined && this.creations[0].at <= now - HOUR_MS) this.creations.shift();
  }
}
