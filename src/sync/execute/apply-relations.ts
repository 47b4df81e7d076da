/**
 * Writes the planned links. GitHub fails parallel sub-issue adds under one parent ("Priority has already been taken",
 * github/github-mcp-server#1842), so each parent's children are linked one after another while different parents go in
 * parallel; that 422 is retried with jitter all the same, in case another run races us.
 */
import type { GitHubApi, RemoteIssue } from '../../github/api.js';
import type { RelationChange } from '../diff/relation-diff.js';
import { describeError, statusOf } from '../errors.js';
import type { RelationReport } from '../report/report.js';
import { isRunStop, type Run, runPhase } from './phase-runner.js';

export interface RelationOutcome {
  added: RelationReport[];
  removed: RelationReport[];
  failed: RelationReport[];
  skipped: RelationReport[];
  warnings: string[];
}

const PRIORITY_TAKEN_RETRIES = 5;

interface LinkUnit {
  change: RelationChange;
  adding: boolean;
}

export function relationReport(
  change: RelationChange,
  issueOf: (itemId: string) => RemoteIssue | undefined,
): RelationReport {
  return {
    kind: change.kind,
    from: change.from,
    to: change.to,
    fromNumber: issueOf(change.from)?.number ?? null,
    toNumber: issueOf(change.to)?.number ?? null,
  };
}

/** Writes the planned links through the phase runner: one lane per issue whose links change. */
export async function applyRelations(
  run: Run,
  api: GitHubApi,
  changes: { add: RelationChange[]; remove: RelationChange[] },
  issueOf: (itemId: string) => RemoteIssue | undefined,
  sleep: (ms: number) => Promise<void>,
): Promise<RelationOutcome> {
  const state: LinkState = { warnings: [], unsupported: new Set(), notDone: new Map(), done: new Set() };
  const apply = linkApplier(run, api, issueOf, sleep, state);
  const { warnings, notDone, done } = state;

  // Removals first, so a moved link never meets its old self.
  const units: LinkUnit[] = [
    ...changes.remove.map((change) => ({ change, adding: false })),
    ...changes.add.map((change) => ({ change, adding: true })),
  ];
  const key = (unit: LinkUnit) => `${unit.change.kind}:${unit.change.from}→${unit.change.to}`;
  const result = await runPhase(run, {
    phase: 'relations',
    work: units,
    id: key,
    // Sub-issues by parent, blocked-by by the blocked issue.
    lane: (unit) => `${unit.change.kind}:${unit.change.from}`,
    step: apply,
  });
  const outcome: RelationOutcome = { added: [], removed: [], failed: [], skipped: [], warnings };
  for (const unit of units) {
    const report = relationReport(unit.change, issueOf);
    const failure = result.failed.get(key(unit));
    const skipped = notDone.get(unit) ?? result.skipped.get(key(unit));
    if (done.has(unit)) (unit.adding ? outcome.added : outcome.removed).push(report);
    else if (failure !== undefined) outcome.failed.push({ ...report, error: failure });
    else if (skipped !== undefined) outcome.skipped.push({ ...report, error: skipped });
  }
  return outcome;
}

interface LinkState {
  warnings: string[];
  /** Link kinds the server answered 404 to: the rest of that kind is not tried. */
  unsupported: Set<RelationChange['kind']>;
  /** Why a link was not attempted, by unit. */
  notDone: Map<LinkUnit, string>;
  done: Set<LinkUnit>;
}

/** One link's write: a refusal that hides a success (it exists already, it is gone already) is checked, not failed. */
function linkApplier(
  run: Run,
  api: GitHubApi,
  issueOf: (itemId: string) => RemoteIssue | undefined,
  sleep: (ms: number) => Promise<void>,
  state: LinkState,
): (unit: LinkUnit) => Promise<undefined> {
  const { warnings, unsupported, notDone, done } = state;
  return async (unit: LinkUnit): Promise<undefined> => {
    const { change, adding } = unit;
    const from = issueOf(change.from);
    const to = issueOf(change.to);
    if (!from || !to) {
      notDone.set(unit, `"${!from ? change.from : change.to}" has no issue (it failed)`);
      return;
    }
    if (unsupported.has(change.kind)) {
      notDone.set(unit, `${change.kind} links are not available on this GitHub`);
      return;
    }
    try {
      await withPriorityRetry(sleep, () => {
        if (change.kind === 'sub-issue') {
          return adding ? api.addSubIssue(from, to, change.replaceParent === true) : api.removeSubIssue(from, to);
        }
        return adding ? api.addBlockedBy(from.number, to.id) : api.removeBlockedBy(from.number, to.id);
      });
      done.add(unit);
    } catch (error) {
      if (isRunStop(error)) {
        run.halted ??= error;
        notDone.set(unit, error.message);
        return;
      }
      // GitHub refuses a link that exists (another run made it a moment ago) or removes one that is gone: check.
      if ((statusOf(error) === 422 && adding) || (statusOf(error) === 404 && !adding)) {
        if (await linkIs(api, change.kind, from, to, adding).catch(() => false)) {
          done.add(unit);
          return;
        }
      }
      if (statusOf(error) === 404 && !unsupported.has(change.kind)) {
        unsupported.add(change.kind);
        warnings.push(
          `GitHub answered 404 to a ${change.kind} link: this server (${api.features.name}) has no ${change.kind} ` +
            'links. The issue bodies still name them.',
        );
        notDone.set(unit, `${change.kind} links are not available on this GitHub`);
        return;
      }
      throw error;
    }
  };
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
