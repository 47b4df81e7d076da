/** Parents that the issue objects do not say (GitHub Enterprise Server's REST has no sub-issues). */
import type { RemoteIssue } from '../../github/api.js';
import type { RemoteReader } from './remote.js';

/** Issue objects that do not say their parent: one GraphQL read per 100 issues, written onto the issues. */
export async function readParentsThroughGraphQL(remote: RemoteReader, issues: RemoteIssue[]): Promise<void> {
  if (remote.features.subIssues !== 'graphql') return;
  const unknown = issues.filter((issue) => issue.parentNumber === undefined);
  if (unknown.length === 0) return;
  const parents = await remote.readParents(unknown);
  for (const issue of unknown) issue.parentNumber = parents.get(issue.number) ?? null;
}
