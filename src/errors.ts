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
