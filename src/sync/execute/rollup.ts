/**
 * `sync --close-completed`: the roll-up of a parent's state from its children's. After the sync, an epic or story
 * of the plan whose children (the plan's, every one on GitHub) are all closed is closed as `completed`; one that
 * planpilot closed so and that has an open child again (a child reopened, or a new one) is reopened. Decided bottom
 * up, so a story closed here can close its epic in the same run.
 *
 * People's decisions stand. A parent closed as not planned (or as a duplicate) is never reopened; one a person
 * closed as completed is not either. A parent a person reopened (`state_reason: reopened`) is never closed again.
 * Who did it is read from the issue's events, only for the few parents where it decides something: the account that
 * opened the plan's issue is planpilot's.
 */
import type { GitHubApi, RemoteIssue } from '../../github/api.js';
import type { Plan } from '../../plan/index.js';
import type { ChangeSet } from '../diff/change-set.js';
import type { SyncReport } from '../report/report.js';
import { type Run, runPhase } from './phase-runner.js';

export interface RollupStep {
  itemId: string;
  issue: RemoteIssue;
  action: 'close' | 'reopen';
}

export interface RollupPlan {
  steps: RollupStep[];
  /** Parents whose children say close or reopen, left as a person set them, with why. */
  kept: { itemId: string; issue: RemoteIssue; note: string }[];
}

export interface RollupOutcome {
  failed: Map<string, string>;
  skipped: Map<string, string>;
}

/** One entry of the report's `rollup`: closed, reopened (in a dry run: would be), kept as a person set it, failed. */
export interface RollupReport {
  id: string;
  number: number;
  url: string;
  action: 'closed' | 'reopened' | 'kept' | 'failed';
  note?: string;
  error?: string;
}

export async function planRollup(changeSet: ChangeSet, api: GitHubApi | undefined): Promise<RollupPlan> {
  const { plan } = changeSet;
  const issues = changeSet.remote.issues;
  const closed = new Map(plan.items.map((item) => [item.id, issues.get(item.id)?.state === 'closed']));
  const children = childrenOf(plan);
  const byPlanpilot = async (issue: RemoteIssue, event: 'closed' | 'reopened') => {
    if (!api || issue.author === '') return false;
    const last = await api.lastStateChange(issue.number);
    return last?.event === event && last.actor === issue.author;
  };
  const result: RollupPlan = { steps: [], kept: [] };
  for (const kind of ['story', 'epic'] as const) {
    const level = plan.items.filter((item) => item.kind === kind && (children.get(item.id)?.length ?? 0) > 0);
    const decisions = await Promise.all(
      level.map(async (item) => {
        const issue = issues.get(item.id);
        if (!issue) return undefined;
        const done = children.get(item.id)!.every((id) => closed.get(id));
        if (issue.state === 'open' && done) {
          if (issue.stateReason !== 'reopened' || (await byPlanpilot(issue, 'reopened'))) {
            return { step: { itemId: item.id, issue, action: 'close' as const } };
          }
          return { kept: { itemId: item.id, issue, note: 'reopened by a person: not closed again' } };
        }
        if (issue.state === 'closed' && !done && issue.stateReason === 'completed') {
          if (await byPlanpilot(issue, 'closed'))
            return { step: { itemId: item.id, issue, action: 'reopen' as const } };
          return { kept: { itemId: item.id, issue, note: 'closed by a person: not reopened' } };
        }
        return undefined;
      }),
    );
    for (const decision of decisions) {
      if (decision?.step) {
        result.steps.push(decision.step);
        closed.set(decision.step.itemId, decision.step.action === 'close');
      }
      if (decision?.kept) result.kept.push(decision.kept);
    }
  }
  return result;
}

/** The closes and reopens, in parallel (each is one PATCH); the issues map follows what GitHub answered. */
export async function applyRollup(
  run: Run,
  api: GitHubApi,
  rollup: RollupPlan,
  issues: Map<string, RemoteIssue>,
): Promise<RollupOutcome> {
  return runPhase(run, {
    phase: 'rollup',
    work: rollup.steps,
    id: (step) => step.itemId,
    step: async ({ itemId, issue, action }) => {
      const updated = await api.updateIssue(
        issue.number,
        action === 'close' ? { state: 'closed', state_reason: 'completed' } : { state: 'open' },
      );
      issues.set(itemId, updated);
      return issue.number;
    },
  });
}

/** The report's `rollup` (with --close-completed); a failed step makes the run exit 1 (unless it exits 4 already). */
export function addRollupReport(report: SyncReport, rollup: RollupPlan, outcome: RollupOutcome | undefined): void {
  const entries: RollupReport[] = rollup.steps.map(({ itemId, issue, action }) => {
    const error = outcome?.failed.get(itemId) ?? outcome?.skipped.get(itemId);
    const done = action === 'close' ? 'closed' : 'reopened';
    const note = action === 'close' ? 'all its children are closed' : 'a child is open again';
    return {
      id: itemId,
      number: issue.number,
      url: issue.url,
      action: error === undefined ? done : 'failed',
      note,
      ...(error === undefined ? {} : { error }),
    };
  });
  for (const { itemId, issue, note } of rollup.kept) {
    entries.push({ id: itemId, number: issue.number, url: issue.url, action: 'kept', note });
  }
  report.rollup = entries;
  if (entries.some((entry) => entry.action === 'failed') && report.exitCode === 0) report.exitCode = 1;
}

/** Each parent's children, the plan's. */
function childrenOf(plan: Plan): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const item of plan.items) {
    if (item.parent !== undefined) children.set(item.parent, [...(children.get(item.parent) ?? []), item.id]);
  }
  return children;
}

/** The PATCHes the roll-up will send, for the cost estimate and the budget check. */
export function rollupWrites(rollup: RollupPlan | undefined): number {
  return rollup?.steps.length ?? 0;
}
