/**
 * Interrupts (SIGINT, SIGTERM): the first signal stops the run from starting anything new; requests already in
 * flight get a grace period to finish, then are cut off. A leaf module: src/github/ and src/sync/ both read it.
 */
import { setMaxListeners } from 'node:events';
import { ExitCode } from './exit-codes.js';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** How long requests in flight may take to finish after the first signal, unless the front end says otherwise. */
export const DEFAULT_INTERRUPT_GRACE_MS = 5_000;

/** The shell's convention: 128 + the signal's number (SIGINT 2, SIGTERM 15). */
export function interruptExitCode(signal: InterruptSignal): ExitCode {
  return signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
}

/** A request (or a unit of work) that did not start, or was cut off, because the run was interrupted. */
export class InterruptedError extends Error {
  readonly exitCode: ExitCode;
  constructor(
    readonly signal: InterruptSignal,
    /** True when it was in flight and cut off after the grace period: GitHub may or may not have applied it. */
    readonly inFlight = false,
  ) {
    super(
      inFlight
        ? `interrupted by ${signal} while in flight (GitHub may have applied it; the next sync checks)`
        : `interrupted by ${signal} before it started`,
    );
    this.name = 'InterruptedError';
    this.exitCode = interruptExitCode(signal);
  }
}

/** What the client and the sync watch. Both signals' reasons are InterruptedErrors. */
export interface Interruption {
  /** Aborted on the first signal: nothing new starts, no request queued is sent. */
  readonly stop: AbortSignal;
  /** Aborted when the grace period ends: requests still in flight are cut off. */
  readonly abort: AbortSignal;
}

export interface InterruptController extends Interruption {
  /** The first call stops the run and starts the grace period; later calls do nothing. */
  interrupt(signal: InterruptSignal): void;
  readonly signal: InterruptSignal | undefined;
}

export function createInterruptController(graceMs = DEFAULT_INTERRUPT_GRACE_MS): InterruptController {
  const stop = new AbortController();
  const abort = new AbortController();
  // Every request in flight listens to them (AbortSignal.any): no limit, and no MaxListenersExceededWarning on stderr.
  setMaxListeners(0, stop.signal, abort.signal);
  let received: InterruptSignal | undefined;
  return {
    stop: stop.signal,
    abort: abort.signal,
    get signal() {
      return received;
    },
    interrupt(signal) {
      if (received) return;
      received = signal;
      stop.abort(new InterruptedError(signal));
      // Unref'd: a run whose requests all finished exits without waiting for the grace period to end.
      setTimeout(() => abort.abort(new InterruptedError(signal, true)), graceMs).unref();
    },
  };
}

/** The InterruptedError behind an error (Octokit wraps what fetch throws as the cause of a RequestError). */
export function interruptionOf(error: unknown): InterruptedError | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof InterruptedError) return e;
  }
  return undefined;
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export interface SignalHandlers {
  /** The first signal: the controller has been interrupted; say so, restore the terminal. */
  first: (signal: InterruptSignal) => void;
  /** A later one: quit at once. `first` is the signal that interrupted the run. */
  again: (first: InterruptSignal) => void;
}

/**
 * Routes the process's SIGINT and SIGTERM to the controller for as long as the run lasts; returns the function that
 * gives the signals back. While listening, Node's default (die at once) no longer applies, so `again` must exit.
 */
export function listenForSignals(controller: InterruptController, handlers: SignalHandlers): () => void {
  const on = (signal: InterruptSignal) => {
    const first = controller.signal;
    if (first) return handlers.again(first);
    controller.interrupt(signal);
    handlers.first(signal);
  };
  const onInt = () => on('SIGINT');
  const onTerm = () => on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
