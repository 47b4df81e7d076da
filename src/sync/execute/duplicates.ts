/**
 * Two issues with one marker happen when two runs create the same item at once. The oldest is kept; each other one
 * is closed as a duplicate of it (reason `duplicate`, "Duplicate of #N" above its body) and its links to this plan's
 * issues are removed, so the board shows each item once. The marker stays, so later runs see it as handled.
 */
import type { GitHubApi, RemoteIssue } from '../../github/api.js';

export async function retireDuplicate(
  api: GitHubApi,
  extra: RemoteIssue,
  kept: RemoteIssue,
  planIssue: (number: number) => RemoteIssue | undefined,
): Promise<void> {
  const isPlanIssue = (number: number) => planIssue(number) !== undefined;
  // Links first: a closed issue's links still show on its parent and its blockers.
  const parent = typeof extra.parentNumber === 'number' ? planIssue(extra.parentNumber) : undefined;
  if (parent && api.features.subIssues !== 'none') await api.removeSubIssue(parent, extra);
  if ((extra.dependencies?.blockedBy ?? 1) > 0) {
    for (const blocker of await api.listBlockedBy(extra.number)) {
      if (isPlanIssue(blocker.number)) await api.removeBlockedBy(extra.number, blocker.id);
    }
  }
  if ((extra.dependencies?.blocking ?? 1) > 0) {
    for (const blocked of await api.listBlocking(extra.number)) {
      if (isPlanIssue(blocked.number)) await api.removeBlockedBy(blocked.number, extra.id);
    }
  }
  await api.updateIssue(extra.number, {
    state: 'closed',
    state_reason: 'duplicate',
    body: `Duplicate of #${kept.number}\n\n${extra.body}`,
  });
}
