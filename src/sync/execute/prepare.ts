/**
 * Before the first item is written: a token that may write, and the labels and milestones the plan needs.
 */
import { createHash } from 'node:crypto';
import { ExitCode } from '../../exit-codes.js';
import type { GitHubApi } from '../../github/api.js';
import { describeError, repositoryAccessError, SyncError, statusOf } from '../errors.js';
import { isRunStop } from './phase-runner.js';

/** Stops before any write when the token cannot write issues in the repository. */
export async function checkRepositoryAccess(api: GitHubApi, repo: string): Promise<void> {
  let info: Awaited<ReturnType<GitHubApi['getRepository']>>;
  try {
    info = await api.getRepository();
  } catch (error) {
    throw repositoryAccessError(error, repo) ?? error;
  }
  if (!info.hasIssues) {
    throw new SyncError(`Issues are disabled for ${repo}. Enable them in the repository's settings.`, ExitCode.Auth);
  }
  if (info.canPush === false) {
    throw new SyncError(
      `The token can read ${repo} but not write to it. Use a token with the "issues: write" permission.`,
      ExitCode.Auth,
    );
  }
}

/** A colour derived from the name: the same label gets the same colour in every repository. */
export function labelColor(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 6);
}

/**
 * A failure to create what some items need fails only those items (see execute); a spent budget or a stall passes
 * through unchanged (its own exit).
 */
function creationFailed(what: string, error: unknown): string {
  if (isRunStop(error)) throw error;
  return `could not create ${what}: ${describeError(error)}`;
}

/** Creates the labels; returns the ones that could not be created, with why. */
export async function createLabels(api: GitHubApi, names: readonly string[]): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  await Promise.all(
    names.map(async (name) => {
      try {
        await api.createLabel(name, labelColor(name), name === 'planpilot' ? 'Managed by planpilot' : undefined);
      } catch (error) {
        // Another run may have made it a moment ago: that is the outcome we wanted.
        if (statusOf(error) !== 422) failed.set(name.toLowerCase(), creationFailed(`label "${name}"`, error));
      }
    }),
  );
  return failed;
}

/** Creates the milestones (or finds one a person made meanwhile); returns the ones that are missing, with why. */
export async function createMilestones(
  api: GitHubApi,
  titles: readonly string[],
  numbers: Map<string, number>,
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  await Promise.all(
    titles.map(async (title) => {
      try {
        numbers.set(title, (await api.createMilestone(title)).number);
      } catch (error) {
        if (statusOf(error) !== 422) {
          failed.set(title, creationFailed(`milestone "${title}"`, error));
          return;
        }
        try {
          const found = (await api.listMilestones()).find((m) => m.title === title);
          if (found) numbers.set(title, found.number);
          else failed.set(title, creationFailed(`milestone "${title}"`, error));
        } catch (listError) {
          failed.set(title, creationFailed(`milestone "${title}"`, listError));
        }
      }
    }),
  );
  return failed;
}
