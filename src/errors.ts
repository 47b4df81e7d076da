/**
 * Errors shared by every layer (a leaf module: it imports nothing of planpilot but the exit codes), so that
 * src/github/ and src/sync/ can both throw them without importing each other.
 */
import { ExitCode } from './exit-codes.js';

/** A bad flag, input or environment value: nothing was sent to GitHub, and the run exits with code 2. */
export class UsageError extends Error {
  readonly exitCode: ExitCode = ExitCode.Usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
