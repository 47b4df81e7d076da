/**
 * Creating an issue is the one write that is not idempotent: a 502 or a time-out can arrive after GitHub made the
 * issue. The client never retries it on its own (`retries: 0`); here, after a failure that may hide a success, the
 * newest issues with the managed label are searched for this item's marker, and only when it is not there is the
 * create tried again. The marker and the label go out in the create request itself, so the search always finds a
 * made issue.
 */
import type { GitHubApi, IssueFields, RemoteIssue } from '../../github/api.js';
import { parseBody } from '../body/body.js';
import { isTransient } from '../errors.js';

const CREATE_ATTEMPTS = 3;

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
      if (!isTransient(error) || attempt >= CREATE_ATTEMPTS) throw error;
      await sleep(500 * attempt);
      // When the search itself fails, give up on this item rather than risk a duplicate: a re-run converges.
      const made = await findCreated(api, identity);
      if (made) return made;
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
