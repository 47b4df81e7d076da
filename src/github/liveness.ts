/**
 * Is GitHub answering at all? Two questions the retry plugin cannot ask, since it sees one request at a time:
 *
 * - Unreachable: before the server has answered anything, a connection that cannot be made (refused, host not
 *   found, unroutable, TLS refused) is tried once more, then the run stops with ServerUnreachableError (exit 3:
 *   nothing was sent). Retrying for the full budget would only add silence.
 * - Stalled: when an attempt fails unanswered and nothing has been answered for `stallLimitMs` (measured from the
 *   start of the first attempt left unanswered, or the last answer if later, across requests and retries), the run
 *   stops with ServerStalledError; every later attempt fails at once without being sent. The check is made when an
 *   attempt fails, not before one starts: a pause between attempts (a retry's backoff, the wait before a marker
 *   lookup) ends the run only if the attempt after it goes unanswered too. So a stall lasts at most the limit plus
 *   one deadline. Each unanswered attempt before that is logged, so a waiting run is visible.
 *
 * Any HTTP answer, whatever its status, counts as an answer and ends the silence.
 */
import { ServerStalledError, ServerUnreachableError, seconds } from '../errors.js';

/** An attempt that got no HTTP answer; `connect` when the connection itself could not be made. */
export class NoAnswerError extends Error {
  constructor(
    readonly reason: string,
    readonly connect: boolean,
    options: { cause: unknown },
  ) {
    super(reason, options);
    this.name = 'NoAnswerError';
  }
}

// Node's error codes for a connection that was never made (undici passes them through as the cause of its TypeError).
const CONNECT_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (the DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};
const CUT_OFF: Record<string, string> = {
  ECONNRESET: 'connection reset without an answer',
  EPIPE: 'connection closed without an answer',
  UND_ERR_SOCKET: 'connection closed without an answer',
};

type Cause = { code?: unknown; message?: unknown; cause?: Cause };

/** The error of a fetch that got no answer, in words. */
export function noAnswerOf(error: unknown): NoAnswerError {
  // Walks the cause chain; not only Errors: a mocked fetch may reject with a plain `{ code, message }`.
  for (let e = error as Cause | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause, depth++) {
    const code = e.code;
    if (typeof code !== 'string') continue;
    const said = String(e.message);
    if (CONNECT_FAILURES[code]) return new NoAnswerError(`${CONNECT_FAILURES[code]} (${said})`, true, { cause: error });
    if (/CERT|TLS|SSL/.test(code)) {
      return new NoAnswerError(`TLS failed: ${said} (a proxy's certificate? see NODE_EXTRA_CA_CERTS)`, true, {
        cause: error,
      });
    }
    if (CUT_OFF[code]) return new NoAnswerError(`${CUT_OFF[code]} (${said})`, false, { cause: error });
  }
  return new NoAnswerError(error instanceof Error ? error.message : String(error), false, { cause: error });
}

function findNoAnswer(error: unknown): NoAnswerError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof NoAnswerError) return e;
  }
  return undefined;
}

/** The URL as shown in messages: without user-info. */
export function displayUrl(apiUrl: string): string {
  try {
    const url = new URL(apiUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return apiUrl;
  }
}

export interface LivenessOptions {
  apiUrl: string;
  stallLimitMs: number;
  log: (message: string) => void;
  now?: () => number;
}

/** Failed connections before the first answer, the first included, before the server is called unreachable. */
const CONNECT_ATTEMPTS = 2;
/** Parallel attempts fail together: one line says it. */
const LOG_EVERY_MS = 1000;

export class Liveness {
  private readonly now: () => number;
  private readonly url: string;
  private answered = false;
  private connectFailures = 0;
  /** Start of the first attempt left unanswered since the last answer. */
  private silentSince: number | undefined;
  private lastAnswerAt = Number.NEGATIVE_INFINITY;
  private writesSent = false;
  private sent = 0;
  /** Set once the run has stopped: every later attempt fails with it, unsent. */
  private stopped: ServerUnreachableError | ServerStalledError | undefined;
  private lastLogAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: LivenessOptions) {
    this.now = options.now ?? Date.now;
    this.url = displayUrl(options.apiUrl);
  }

  /** Before an attempt is sent: throws once the run has stopped, so nothing more goes out. */
  beforeAttempt(method: string): void {
    if (this.stopped) throw this.stopped;
    this.sent += 1;
    if (method !== 'GET' && method !== 'HEAD') this.writesSent = true;
  }

  /** An HTTP answer arrived. */
  answer(): void {
    this.answered = true;
    this.lastAnswerAt = this.now();
    this.silentSince = undefined;
  }

  /** An attempt that started at `startedAt` got no answer: silence since then, or since the last answer. */
  noAnswer(startedAt: number): void {
    this.silentSince ??= Math.max(startedAt, this.lastAnswerAt);
  }

  /**
   * After a failed attempt: the error that ends the run (the client sends nothing more), or undefined to let the
   * retry plugin (or the caller) go on. A stall's error says whether this attempt went out unanswered (`sent`):
   * a create that did may have been applied.
   */
  judge(error: unknown, route: string): Error | undefined {
    const noAnswer = findNoAnswer(error);
    if (this.stopped instanceof ServerStalledError && noAnswer) return this.stall(this.stopped.reason, true);
    if (this.stopped) return this.stopped;
    if (!noAnswer) return undefined;
    if (!this.answered && noAnswer.connect) {
      this.connectFailures += 1;
      if (this.connectFailures >= CONNECT_ATTEMPTS) {
        this.stopped = new ServerUnreachableError(this.url, noAnswer.reason, this.sent);
        return this.stopped;
      }
      this.say(`Cannot connect to GitHub at ${this.url}: ${noAnswer.reason}; trying once more.`);
      return undefined;
    }
    const silence = this.silence();
    if (silence >= this.options.stallLimitMs) {
      this.stopped = this.stall(noAnswer.reason, false);
      return this.stall(noAnswer.reason, true);
    }
    this.say(
      `Waiting for GitHub: ${route} got no answer (${noAnswer.reason}). No answer for ` +
        `${seconds(silence)} so far; planpilot stops after ${seconds(this.options.stallLimitMs)} without one.`,
    );
    return undefined;
  }

  private silence(): number {
    return this.silentSince === undefined ? 0 : this.now() - this.silentSince;
  }

  private stall(reason: string, sent: boolean): ServerStalledError {
    const { stallLimitMs } = this.options;
    return new ServerStalledError(this.url, reason, this.silence(), stallLimitMs, this.writesSent, sent);
  }

  private say(message: string): void {
    const now = this.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.lastLogAt = now;
    this.options.log(message);
  }
}
