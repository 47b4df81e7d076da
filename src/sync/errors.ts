/** Errors that end a sync before (or instead of) writing, with the exit code and a message that says what to do. */

import { ServerStalledError, ServerUnreachableError, UnexpectedAnswerError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { ContentBudgetError, RateLimitError } from '../github/client.js';
import { InterruptedError } from '../interrupt.js';
import { PlanError, type ProjectSpec } from '../plan/index.js';

export { ServerStalledError, ServerUnreachableError, UnexpectedAnswerError, UsageError } from '../errors.js';

export class SyncError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's own words for a failed request: its message and, for 422, the field errors. */
export function describeError(error: unknown): string {
  const e = error as { status?: number; message?: string; response?: { data?: unknown } } | null;
  const data = e?.response?.data as { message?: string; errors?: unknown[] } | undefined;
  if (data?.message) {
    const details = (data.errors ?? [])
      .map((d) =>
        typeof d === 'string'
          ? d
          : [(d as { field?: string }).field, (d as { code?: string }).code, (d as { message?: string }).message]
              .filter(Boolean)
              .join(' '),
      )
      .filter(Boolean);
    return `${e?.status ?? ''} ${data.message}${details.length ? ` (${details.join('; ')})` : ''}`.trim();
  }
  return e?.message ?? String(error);
}

/** Maps an answer to the first read of the repository to an actionable error, or undefined when it is not fatal. */
export function repositoryAccessError(error: unknown, repo: string): SyncError | undefined {
  const status = statusOf(error);
  const said = describeError(error);
  if (status === 401) {
    return new SyncError(
      `GitHub rejected the token (${said}). Pass a valid one with --token, or set GITHUB_TOKEN or GH_TOKEN.`,
      ExitCode.Auth,
    );
  }
  if (status === 404) {
    return new SyncError(
      `Repository ${repo} was not found, or the token cannot see it (${said}). Check --repo and the token's access.`,
      ExitCode.Auth,
    );
  }
  if (status === 410) {
    return new SyncError(
      `Issues are disabled for ${repo} (${said}). Enable them in the repository's settings.`,
      ExitCode.Auth,
    );
  }
  if (status === 403 && !/rate limit/i.test(said)) {
    return new SyncError(
      `The token may not use issues in ${repo} (${said}). It needs the "issues: write" permission.`,
      ExitCode.Auth,
    );
  }
  return undefined;
}

/**
 * The exit code of an error that ended a run, the same for the CLI and the Action (README: exit codes): a usage
 * error (a bad flag, input or environment value) and an invalid plan are 2, a spent rate-limit or content budget
 * is 4, a server that cannot be reached is 3, an interrupt is 130 (SIGINT) or 143 (SIGTERM), a sync error (or a
 * stall) carries its own, anything else is 1.
 */
export function exitCodeOf(error: unknown): ExitCode {
  const known =
    error instanceof SyncError ||
    error instanceof UsageError ||
    error instanceof PlanError ||
    error instanceof RateLimitError ||
    error instanceof ContentBudgetError ||
    error instanceof InterruptedError ||
    error instanceof UnexpectedAnswerError ||
    error instanceof ServerUnreachableError ||
    error instanceof ServerStalledError;
  return known ? error.exitCode : ExitCode.PartialFailure;
}

/** The advice for a token that cannot reach the project (401, 403 other than a rate limit, 404). */
export function projectAccessMessage(
  error: unknown,
  project: Pick<ProjectSpec, 'url' | 'ownerType'>,
): string | undefined {
  const status = statusOf(error);
  const said = describeError(error);
  if (status !== 401 && status !== 403 && status !== 404) return undefined;
  if (status === 403 && /rate limit/i.test(said)) return undefined;
  return `The token cannot reach project ${project.url} (${said}). ${projectTokenAdvice(project.ownerType)}`;
}

/**
 * What token reaches a project, by its owner (GitHub's docs on Projects v2 and fine-grained PATs): the workflow's
 * GITHUB_TOKEN reaches none; fine-grained PATs cannot reach user-owned projects, so a user's project takes a classic
 * PAT with the `project` scope; an organisation's takes a fine-grained PAT with the organisation's Projects
 * permission, or a GitHub App installation token.
 */
export function projectTokenAdvice(ownerType: ProjectSpec['ownerType']): string {
  const token =
    ownerType === 'users'
      ? "A user's project needs a classic personal access token with the `project` scope (fine-grained tokens " +
        'cannot reach user-owned projects)'
      : "An organisation's project needs a fine-grained personal access token with the organisation's " +
        '"Projects: read and write" permission, or a GitHub App installation token';
  return (
    `${token}; the workflow's GITHUB_TOKEN cannot reach Projects v2. Pass it with --project-token ` +
    '(or PLANPILOT_PROJECT_TOKEN), or the Action input project-token.'
  );
}
