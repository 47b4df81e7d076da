/**
 * Errors shared by every layer (a leaf module: it imports nothing of planpilot but the exit codes), so that
 * src/github/ and src/sync/ can both throw them without importing each other.
 */
import { ExitCode } from './exit-codes.js';

/**
 * GitHub (or something posing as it: a proxy, a captive portal) answered with a shape planpilot cannot read: the run
 * stops before any write rather than take a wrong answer for an empty repository (exit 3).
 */
export class UnexpectedAnswerError extends Error {
  readonly exitCode: ExitCode = ExitCode.Auth;
  constructor(what: string, got: unknown) {
    const shown = JSON.stringify(got)?.slice(0, 120) ?? String(got);
    super(
      `GitHub answered ${what} with something planpilot cannot read (${shown}); nothing was changed. ` +
        'Check --api-url and any proxy between here and GitHub.',
    );
    this.name = 'UnexpectedAnswerError';
  }
}

/** A bad flag, input or environment value: nothing was sent to GitHub, and the run exits with code 2. */
export class UsageError extends Error {
  readonly exitCode: ExitCode = ExitCode.Usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * The API URL never answered: the connection was refused, the host was not found, or TLS failed, on the first
 * requests of the run. Nothing was sent, so nothing was changed (exit 3).
 */
export class ServerUnreachableError extends Error {
  readonly exitCode: ExitCode = ExitCode.Auth;
  constructor(
    readonly apiUrl: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(
      `Cannot reach GitHub at ${apiUrl}: ${reason}; ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}, ` +
        'nothing was changed. ' +
        'Check the API URL (--api-url or GITHUB_API_URL; GitHub Enterprise Server answers at https://HOST/api/v3) ' +
        'and the network: behind a proxy, set HTTPS_PROXY and NODE_USE_ENV_PROXY=1 (Node ignores HTTPS_PROXY ' +
        'without it).',
    );
    this.name = 'ServerUnreachableError';
  }
}

/**
 * GitHub stopped answering: no answer to any request for longer than the stall limit (3 × the request time-out),
 * retries included. The run stops rather than wait on; what was sent but not answered may have been applied.
 * Exit 3 when no write had been sent (nothing was changed), else 1 (partly synced; a re-run picks up the rest).
 */
export class ServerStalledError extends Error {
  readonly exitCode: ExitCode;
  constructor(
    readonly apiUrl: string,
    readonly reason: string,
    readonly silentMs: number,
    readonly limitMs: number,
    writesSent: boolean,
    /** This request went out and got no answer (a write may have been applied); false: it was never sent. */
    readonly sent = false,
  ) {
    super(
      `GitHub at ${apiUrl} has not answered for ${seconds(silentMs)} (${reason}); planpilot stops after ` +
        `${seconds(limitMs)} without an answer (3 × PLANPILOT_REQUEST_TIMEOUT_MS). ` +
        (writesSent ? 'What is not synced is left for a re-run.' : 'Nothing was changed.'),
    );
    this.name = 'ServerStalledError';
    this.exitCode = writesSent ? ExitCode.PartialFailure : ExitCode.Auth;
  }
}

/** A duration in messages: `0.9 s`, `42 s`. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
