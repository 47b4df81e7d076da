/**
 * The fetch Octokit sends every HTTP attempt through (retries included, since the plugins retry by calling down
 * again): a shared p-limit bounds attempts in flight, and each attempt gets its own deadline.
 */
import pLimit from 'p-limit';
import type { Interruption } from '../interrupt.js';
import { NoAnswerError, noAnswerOf } from './liveness.js';

export interface BoundedFetch {
  fetch: typeof globalThis.fetch;
  inFlightPeak(): number;
}

// Statuses whose Response may not carry a body (the Response constructor throws otherwise).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Told of every attempt's fate: an HTTP answer, or none (src/github/liveness.ts). */
export interface AnswerWatch {
  answer(): void;
  noAnswer(startedAt: number): void;
}

export function createBoundedFetch(options: {
  maxConcurrency: number;
  timeoutMs: number;
  watch?: AnswerWatch;
  /** An interrupted run's: `stop` keeps queued attempts from being sent, `abort` cuts off those in flight. */
  interrupt?: Interruption;
}): BoundedFetch {
  const limit = pLimit(options.maxConcurrency);
  let active = 0;
  let peak = 0;

  const send = async (input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> => {
    // Queued when the run was interrupted: it leaves the queue without being sent.
    options.interrupt?.stop.throwIfAborted();
    active++;
    peak = Math.max(peak, active);
    // The deadline starts when the attempt leaves the queue, not when it joined it.
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signals = [init.signal, deadline, options.interrupt?.abort].filter((s): s is AbortSignal => Boolean(s));
    const signal = signals.length > 1 ? AbortSignal.any(signals) : deadline;
    const startedAt = Date.now();
    try {
      const response = await readFully(await globalThis.fetch(input, { ...init, signal }));
      options.watch?.answer();
      return response;
    } catch (error) {
      // The caller's own abort, or an interrupt's cut-off, is final: no judgement on GitHub's silence.
      if (init.signal?.aborted || options.interrupt?.abort.aborted) throw error;
      options.watch?.noAnswer(startedAt);
      // Not an AbortError, so @octokit/request reports it as a network error (status 500) that plugin-retry may
      // retry, whereas a caller's own abort stays final. The message says in words what happened.
      if (deadline.aborted) {
        throw new NoAnswerError(`GitHub did not answer within ${formatMs(options.timeoutMs)}`, false, { cause: error });
      }
      throw noAnswerOf(error);
    } finally {
      active--;
    }
  };

  return {
    fetch: (input, init) => limit(send, input, init),
    inFlightPeak: () => peak,
  };
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Reads the body inside the slot and under the deadline: a request is in flight until its answer has arrived,
 * and @octokit/request swallows errors while reading a body (a cut-off success would come back as empty data).
 */
async function readFully(response: Response): Promise<Response> {
  if (response.status < 200 || response.status > 599) return response;
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // Octokit reports response.url (after redirects); a constructed Response has none of its own.
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
