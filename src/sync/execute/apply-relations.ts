/**
 * Writes the planned links. GitHub fails parallel sub-issue adds under one parent ("Priority has already been taken",
 * github/github-mcp-server#1842), so each parent's children are linked one after another while different parents go in
 * parallel; that 422 is retried with jitter all the same, in case another run races us.
 */
import type { GitHubApi, RemoteIssue } from '../../github/api.js';
import { ContentBudgetError, RateLimitError } from '../../github/client.js';
import { describeError, statusOf } from '../errors.js';
import type { RelationChange } from '../relations.js';
import type { RelationReport } from '../report/report.js';

export interface RelationOutcome {
  added: RelationReport[];
  removed: RelationReport[];
  failed: RelationReport[];
  skipped: RelationReport[];
  warnings: string[];
  /** Set when GitHub's budget ran out: the remaining links were skipped, to be made by a re-run. */
  halted?: Error;
}

const PRIORITY_TAKEN_RETRIES = 5;

export async function applyRelations(
  api: GitHubApi,
  changes: { add: RelationChange[]; remove: RelationChange[] },
  issueOf: (itemId: string) => RemoteIssue | undefined,
  sleep: (ms: number) => Promise<void>,
): Promise<RelationOutcome> {
  const outcome: RelationOutcome = { added: [], removed: [], failed: [], skipped: [], warnings: [] };
  const unsupported = new Set<RelationChange['kind']>();
  const toReport = (change: RelationChange): RelationReport => ({
    kind: change.kind,
    from: change.from,
    to: change.to,
    fromNumber: issueOf(change.from)?.number ?? null,
    toNumber: issueOf(change.to)?.number ?? null,
  });

  const apply = async (change: RelationChange, adding: boolean) => {
    const from = issueOf(change.from);
    const to = issueOf(change.to);
    const report = toReport(change);
    if (!from || !to) {
      outcome.skipped.push({ ...report, error: `"${!from ? change.from : change.to}" has no issue (it failed)` });
      return;
    }
    if (outcome.halted) {
      outcome.skipped.push({ ...report, error: outcome.halted.message });
      return;
    }
    if (unsupported.has(change.kind)) {
      outcome.skipped.push({ ...report, error: `${change.kind} links are not available on this GitHub` });
      return;
    }
    try {
      await withPriorityRetry(sleep, () => {
        if (change.kind === 'sub-issue') {
          return adding ? api.addSubIssue(from, to, change.replaceParent === true) : api.removeSubIssue(from, to);
        }
        return adding ? api.addBlockedBy(from.number, to.id) : api.removeBlockedBy(from.number, to.id);
      });
      (adding ? outcome.added : outcome.removed).push(report);
    } catch (error) {
      if (error instanceof RateLimitError || error instanceof ContentBudgetError) {
        outcome.halted ??= error;
        outcome.skipped.push({ ...report, error: error.message });
        return;
      }
      // GitHub refuses a link that exists (another run made it a moment ago) or removes one that is gone: check.
      if ((statusOf(error) === 422 && adding) || (statusOf(error) === 404 && !adding)) {
        if (await linkIs(api, change.kind, from, to, adding).catch(() => false)) {
          (adding ? outcome.added : outcome.removed).push(report);
          return;
        }
      }
      if (statusOf(error) === 404 && !unsupported.has(change.kind)) {
        unsupported.add(change.kind);
        outcome.warnings.push(
          `GitHub answered 404 to a ${change.kind} link: this server (${api.features.name}) has no ${change.kind} ` +
            'links. The issue bodies still name them.',
        );
        outcome.skipped.push({ ...report, error: `${change.kind} links are not available on this GitHub` });
        return;
      }
      outcome.failed.push({ ...report, error: describeError(error) });
    }
  };

  // One queue per issue whose links change: sub-issues by parent, blocked-by by the blocked issue.
  const queues = new Map<string, (() => Promise<void>)[]>();
  const enqueue = (change: RelationChange, adding: boolean) => {
    const key = `${change.kind}:${change.from}`;
    queues.set(key, [...(queues.get(key) ?? []), () => apply(change, adding)]);
  };
  for (const change of changes.remove) enqueue(change, false);
  for (const change of changes.add) enqueue(change, true);
  await Promise.all(
    [...queues.values()].map(async (queue) => {
      for (const step of queue) await step();
    }),
  );
  return outcome;
}

async function withPriorityRetry(sleep: (ms: number) => Promise<void>, write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const taken = statusOf(error) === 422 && /priority has already been taken/i.test(describeError(error));
      if (!taken || attempt >= PRIORITY_TAKEN_RETRIES) throw error;
      await sleep(100 * 2 ** attempt + Math.random() * 100);
    }
  }
}

/** Whether the link now is (adding) or is not (removing) what the plan wants. */
async function linkIs(
  api: GitHubApi,
  kind: RelationChange['kind'],
  from: RemoteIssue,
  to: RemoteIssue,
  present: boolean,
): Promise<boolean> {
  const has =
    kind === 'sub-issue'
      ? (await parentOf(api, to)) === from.number
      : (await api.listBlockedBy(from.number)).some((blocker) => blocker.number === to.number);
  return has === present;
}

/** The issue's parent now, from its issue object, or through GraphQL where the server's objects do not say. */
async function parentOf(api: GitHubApi, issue: RemoteIssue): Promise<number | null | undefined> {
  const fresh = await api.getIssue(issue.number);
  if (fresh.parentNumber !== undefined || api.features.subIssues !== 'graphql') return fresh.parentNumber;
  return (await api.readParents([fresh])).get(fresh.number);
}
