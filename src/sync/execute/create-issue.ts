/**
 * Creating an issue is the one write that is not idempotent: a 502, a time-out or a dropped connection can arrive
 * after GitHub made the issue. The client never retries it on its own (`retries: 0`); here, after a failure that
 * may hide a success, the newest issues with the managed label are searched for this item's marker, and only when
 * it is not there is the create tried again. The marker and the label go out in the create request itself, so the
 * search always finds a made issue. When the search cannot be made either (GitHub stopped answering), the create
 * is reported as unconfirmed, never as failed: the issue may exist, and the next sync finds it by its marker.
 */
import type { GitHubApi, IssueFields, RemoteIssue } from '../../github/api.js';
import { parseBody } from '../body/body.js';
import { describeError, ServerStalledError, statusOf } from '../errors.js';

const CREATE_ATTEMPTS = 3;

/** The create went out, no answer came, and GitHub could not be asked whether it made the issue. */
export class UnconfirmedCreateError extends Error {
  constructor(
    failure: unknown,
    /** Why the search failed; a run stop (ServerStalledError) halts the run. */
    readonly searchError: unknown,
  ) {
    const search = searchError instanceof ServerStalledError ? 'GitHub stopped answering' : describeError(searchError);
    super(
      `may have been created: GitHub did not answer the create (${describeError(failure)}) and could not be ` +
        `asked whether it made it (${search}). The next sync finds it by its marker, or creates it.`,
      { cause: failure },
    );
    this.name = 'UnconfirmedCreateError';
  }
}

/** A failure after which the issue may exist: a 5xx or no answer; not a stall that stopped the create unsent. */
function mayHaveBeenCreated(error: unknown): boolean {
  if (error instanceof ServerStalledError) return error.sent;
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

export async function createIssueOnce(
  api: GitHubApi,
  fields: IssueFields & { title: string },
  identity: { plan: string; item: string; label: string },
  sleep: (ms: number) => Promise<void>,
): Promise<RemoteIssue> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.createIssue(fields);
    } catch (error) {
      if (!mayHaveBeenCreated(error)) throw error;
      await sleep(500 * attempt);
      // Never create again without knowing: a failed search ends this item's attempts.
      let made: RemoteIssue | undefined;
      try {
        made = await findCreated(api, identity);
      } catch (searchError) {
        throw new UnconfirmedCreateError(error, searchError);
      }
      if (made) return made;
      if (attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

async function findCreated(
  api: GitHubApi,
  identity: { plan: string; item: string; label: string },
): Promise<RemoteIssue | undefined> {
  const newest = await api.listNewestIssuesWithLabel(identity.label);
  const mine = newest.filter((issue) => {
    const parsed = parseBody(issue.body).identity;
    return parsed?.plan === identity.plan && parsed.item === identity.item;
  });
  return mine.sort((a, b) => a.number - b.number)[0];
}
