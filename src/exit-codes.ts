/** Documented in the README; scripts and the Action rely on them. */
export const ExitCode = {
  Success: 0,
  /** Some items failed; the others were synced. A re-run picks up what is missing. */
  PartialFailure: 1,
  /** Bad command line or plan; nothing was sent to GitHub. */
  Usage: 2,
  /** Authentication, permission or repository problem; nothing was changed. */
  Auth: 3,
  /** GitHub's rate-limit budget cannot cover the sync; stopped at a consistent point. */
  Budget: 4,
  /** `--dry-run --detailed-exitcode`: the dry run succeeded and changes are pending (terraform's exit 2, moved clear of ours). */
  ChangesPending: 10,
  /** Interrupted by SIGINT (Ctrl-C): requests in flight finished (or were cut off), nothing new started. */
  Interrupted: 130,
  /** Terminated by SIGTERM (e.g. a cancelled workflow), likewise. */
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
