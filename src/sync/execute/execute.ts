/**
 * Carries out a change set: prepare (access, budget, labels, milestones) → epics ∥ → stories ∥ → tasks ∥ →
 * (late duplicates) → enrich ∥ → relations ∥ → cleanup → project ∥, every phase through the one phase runner.
 * One item's failure is recorded and the others go on; a spent budget or an interrupt stops new writes and the rest
 * is skipped.
 */
import { ExitCode } from '../../exit-codes.js';
import type { GitHubApi, RemoteIssue } from '../../github/api.js';
import type { ProjectsApi } from '../../github/projects-api.js';
import { type Interruption, interruptionOf, unlessAborted } from '../../interrupt.js';
import { KINDS, type PlanItem } from '../../plan/index.js';
import {
  type ChangeSet,
  createRequest,
  desiredContext,
  enrichment,
  projectChangesAfterCreates,
} from '../diff/change-set.js';
import { desiredLabels } from '../diff/item-diff.js';
import type { ProjectChange } from '../diff/project-diff.js';
import { classifyIssues, type Duplicate } from '../discover/classify.js';
import { describeError, projectAccessMessage, SyncError, statusOf } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import { applyRelations, type RelationOutcome } from './apply-relations.js';
import { ensureBudget } from './budget.js';
import { createIssueOnce, UnconfirmedCreateError } from './create-issue.js';
import { retireDuplicate } from './duplicates.js';
import { isRunStop, type PhaseResult, type Run, runPhase } from './phase-runner.js';
import { checkRepositoryAccess, createLabels, createMilestones } from './prepare.js';
import { applyProjectChange } from './project-writes.js';
import { type Refusal, sendWithoutRefused } from './refused-fields.js';
import { applyRollup, type RollupOutcome, type RollupPlan } from './rollup.js';

export interface ExecuteContext {
  api: GitHubApi;
  projects: ProjectsApi | undefined;
  repo: string;
  /** Writes the budget must cover (the cost estimate). */
  writes: number;
  emit: ProgressListener;
  sleep: (ms: number) => Promise<void>;
  warn: (message: string) => void;
  log: (message: string) => void;
  waitForBudget: boolean;
  interrupt?: Interruption;
  /** --close-completed: the parents to close or reopen after the sync (rollup.ts). */
  rollup?: RollupPlan;
}

export interface Outcome {
  /** This plan's issue of each item after the run, orphans included. */
  issues: Map<string, RemoteIssue>;
  created: Set<string>;
  /** Item id → what failed (creating it, or completing it). */
  failures: Map<string, string>;
  /** Item id → why its create is unconfirmed: sent, never answered, and GitHub could not be asked (it may exist). */
  unconfirmed: Map<string, string>;
  /** Item id → why it was not synced (the budget ran out, the run was interrupted). */
  skipped: Map<string, string>;
  /** Item id → the fields GitHub refused (the rest of the write was applied). */
  refused: Map<string, Refusal[]>;
  /** Existing items: the fields the enrichment changed. */
  changes: Map<string, { changes: string[]; note?: string }>;
  relations: RelationOutcome;
  /** Closing orphans and duplicates, by cleanupUnitId; duplicates this run found after its creates. */
  cleanup: PhaseResult & { lateDuplicates: Duplicate[] };
  project: { done: ProjectChange[]; failed: { id: string; error: string }[] } | undefined;
  rollup?: RollupOutcome;
  halted: Run['halted'];
  /** False when the run was interrupted before its labels and milestones were all made. */
  prepared: boolean;
}

const PHASE_OF = { epic: 'epics', story: 'stories', task: 'tasks' } as const;

export async function execute(changeSet: ChangeSet, context: ExecuteContext): Promise<Outcome> {
  const { api, plan, label } = { ...context, ...changeSet };
  const run: Run = { emit: context.emit, ...(context.interrupt ? { interrupt: context.interrupt } : {}) };
  let prepared = true;
  let unavailable = new Map<string, string>();
  try {
    unavailable = await unlessAborted(prepare(changeSet, context), context.interrupt?.abort);
  } catch (error) {
    // Interrupted before the first item: every phase then skips all its units, and the report says so.
    const interrupted = interruptionOf(error);
    if (!interrupted) throw error;
    run.halted = interrupted;
    prepared = false;
  }
  const issues = new Map(changeSet.remote.issues);
  const created = new Set<string>();
  const failures = new Map<string, string>();
  const unconfirmed = new Map<string, string>();
  const skipped = new Map<string, string>();
  const refused = new Map<string, Refusal[]>();
  const refuse = (id: string, refusals: Refusal[]) => {
    if (refusals.length > 0) refused.set(id, [...(refused.get(id) ?? []), ...refusals]);
  };
  // An existing item that needs what could not be made is not touched; a new one fails in its create phase.
  for (const [id, reason] of unavailable) if (changeSet.remote.issues.has(id)) failures.set(id, reason);
  const numberOf = (id: string) => issues.get(id)?.number;
  const record = (result: { failed: Map<string, string>; skipped: Map<string, string> }) => {
    for (const [id, message] of result.failed) failures.set(id, message);
    for (const [id, message] of result.skipped) skipped.set(id, message);
  };

  // Epics, then stories, then tasks: each phase's bodies can name the parents made by the one before.
  for (const kind of KINDS) {
    let dropped: SyncError | undefined;
    const result = await runPhase(run, {
      phase: PHASE_OF[kind],
      work: changeSet.creates[kind],
      id: (item) => item.id,
      step: async (item) => {
        const missing = unavailable.get(item.id);
        if (missing !== undefined) throw new Error(missing);
        const sent = await sendWithoutRefused('create', createRequest(changeSet, item, numberOf), (fields) =>
          createIssueOnce(
            api,
            fields as Parameters<typeof createIssueOnce>[1],
            { plan: plan.id, item: item.id, label },
            context.sleep,
          ),
        ).catch((error: unknown) => {
          if (error instanceof UnconfirmedCreateError) {
            unconfirmed.set(item.id, error.message);
            if (isRunStop(error.searchError)) run.halted ??= error.searchError;
          }
          throw error;
        });
        const issue = sent.result!;
        refuse(item.id, sent.refused);
        issues.set(item.id, issue);
        created.add(item.id);
        dropped ??= droppedLabels(issue, item, label, context.repo);
        return issue.number;
      },
    });
    record(result);
    // Without the managed label the issue cannot be found again, and the next run would make another: stop.
    if (dropped) throw dropped;
  }

  const { late: lateDuplicates, lost } =
    run.halted || context.interrupt?.stop.aborted || created.size === 0
      ? { late: [], lost: [] }
      : await recheckCreated(api, changeSet, issues, created, context.warn);
  for (const { id, number } of lost) {
    // Reported as it is: not created (GitHub has no such issue now), and nothing more is written to it.
    issues.delete(id);
    created.delete(id);
    failures.set(
      id,
      `GitHub no longer has #${number}, which this run created (did the server lose data?); a re-run creates it again`,
    );
  }

  // Enrich: every number is known now; write each plan-owned field that differs from GitHub's, one PATCH per item.
  const changes = new Map<string, { changes: string[]; note?: string }>();
  const toUpdate = enrichment(changeSet, issues, (id) => failures.has(id));
  // A field GitHub refused at the create is not sent again in this run.
  for (const update of toUpdate) {
    const already = new Set(refused.get(update.item.id)?.map((r) => r.field));
    if (already.size === 0) continue;
    update.diff.changes = update.diff.changes.filter((field) => !already.has(field));
    for (const field of already) delete (update.diff.patch as Record<string, unknown>)[field];
  }
  record(
    await runPhase(run, {
      phase: 'enrich',
      work: toUpdate.filter((u) => u.diff.changes.length > 0),
      id: (u) => u.item.id,
      step: async ({ item, issue, diff }) => {
        const sent = await sendWithoutRefused('update', diff.patch, (patch) => api.updateIssue(issue.number, patch));
        if (sent.result) issues.set(item.id, sent.result);
        refuse(item.id, sent.refused);
        const refusedFields = new Set(sent.refused.map((r) => r.field));
        diff.changes = diff.changes.filter((field) => !refusedFields.has(field));
        return issue.number;
      },
    }),
  );
  for (const { item, diff } of toUpdate) {
    if (!created.has(item.id))
      changes.set(item.id, { changes: diff.changes, ...(diff.note ? { note: diff.note } : {}) });
  }

  const relations = await applyRelations(run, api, changeSet.relations, (id) => issues.get(id), context.sleep);
  for (const message of relations.warnings) context.warn(message);

  const cleaned = await cleanup(run, api, changeSet, issues, lateDuplicates);
  const project = await syncProject(run, changeSet, context.projects, issues);
  const rollup = context.rollup ? await applyRollup(run, api, context.rollup, issues) : undefined;
  return {
    issues,
    created,
    failures,
    unconfirmed,
    skipped,
    refused,
    changes,
    relations,
    cleanup: { ...cleaned, lateDuplicates },
    project,
    ...(rollup ? { rollup } : {}),
    halted: run.halted,
    prepared,
  };
}

/**
 * Both reads at once; an access problem (exit 3) is reported before a budget one (exit 4). Then what items need:
 * the items that need a label or milestone that could not be made, with why.
 */
async function prepare(changeSet: ChangeSet, context: ExecuteContext): Promise<Map<string, string>> {
  const [access, budget] = await Promise.allSettled([
    checkRepositoryAccess(context.api, context.repo),
    ensureBudget(context.api, context.writes, {
      waitForBudget: context.waitForBudget,
      sleep: context.sleep,
      log: context.log,
    }),
  ]);
  if (access.status === 'rejected') throw access.reason;
  if (budget.status === 'rejected') throw budget.reason;
  // Labels and milestones: one phase for progress (a spinner or a line), without item events.
  const toMake = changeSet.labelsToCreate.length + changeSet.milestonesToCreate.length;
  if (toMake > 0) context.emit({ type: 'phase-start', phase: 'labels', total: toMake });
  const [labels, milestones] = await Promise.all([
    createLabels(context.api, changeSet.labelsToCreate),
    createMilestones(context.api, changeSet.milestonesToCreate, changeSet.remote.milestones),
  ]);
  if (toMake > 0) context.emit({ type: 'phase-end', phase: 'labels' });
  // Only the items that need what could not be made fail; the others go on.
  const unavailable = new Map<string, string>();
  if (labels.size === 0 && milestones.size === 0) return unavailable;
  const context_ = desiredContext(changeSet.plan, changeSet.remote, changeSet.label);
  for (const item of changeSet.plan.items) {
    const issue = changeSet.remote.issues.get(item.id);
    const has = new Set(issue?.labels.map((name) => name.toLowerCase()));
    const label = desiredLabels(item, context_).find(
      (name) => labels.has(name.toLowerCase()) && !has.has(name.toLowerCase()),
    );
    const milestone =
      item.milestone !== undefined && issue?.milestone?.title !== item.milestone
        ? milestones.get(item.milestone)
        : undefined;
    const reason = (label !== undefined ? labels.get(label.toLowerCase()) : undefined) ?? milestone;
    if (reason !== undefined) unavailable.set(item.id, reason);
  }
  return unavailable;
}

/** GitHub silently drops labels a token may not set. */
function droppedLabels(issue: RemoteIssue, item: PlanItem, label: string, repo: string): SyncError | undefined {
  if (issue.labels.some((name) => name.toLowerCase() === label.toLowerCase())) return undefined;
  return new SyncError(
    `GitHub created #${issue.number} ("${item.id}") but dropped its labels: the token may not set labels in ` +
      `${repo}. It needs the "issues: write" permission (push access). Add the label "${label}" to ` +
      `#${issue.number} by hand, or delete it, before the next sync.`,
    ExitCode.Auth,
  );
}

/**
 * After the creates, one listing of the managed issues tells two things. Another run may have created some of the
 * same items at the same moment: the oldest issue of each item wins, and this run's newer one is closed as its
 * duplicate before anything links to it. And an issue this run created that the listing lacks may be gone (a server
 * that lost data): a read of it says so, and the report then says it was not created.
 */
async function recheckCreated(
  api: GitHubApi,
  changeSet: ChangeSet,
  issues: Map<string, RemoteIssue>,
  created: Set<string>,
  warn: (message: string) => void,
): Promise<{ late: Duplicate[]; lost: { id: string; number: number }[] }> {
  const late: Duplicate[] = [];
  const lost: { id: string; number: number }[] = [];
  try {
    const listed = await api.listIssuesWithLabel(changeSet.label);
    const fresh = classifyIssues(listed, changeSet.plan);
    const numbers = new Set(listed.map((issue) => issue.number));
    for (const id of [...created]) {
      const mine = issues.get(id);
      if (mine && !numbers.has(mine.number) && (await isGone(api, mine.number))) {
        lost.push({ id, number: mine.number });
        continue;
      }
      const oldest = fresh.byItem.get(id);
      if (!mine || !oldest || oldest.number === mine.number) continue;
      // Only a race's twin is grounds to close this run's issue; an older claimant a person made is reported.
      const conflict = fresh.duplicates.find((d) => d.extra.number === mine.number)?.conflict;
      if (conflict !== undefined) {
        warn(`#${oldest.number} also carries the marker of "${id}", but ${conflict}: #${mine.number} is synced.`);
        continue;
      }
      issues.set(id, oldest);
      created.delete(id);
      late.push({ itemId: id, kept: oldest, extra: mine });
    }
  } catch (error) {
    // Interrupted: the next sync finds any duplicate and any lost issue, as it finds everything else.
    if (!interruptionOf(error)) warn(`could not check the issues this run created: ${describeError(error)}`);
  }
  return { late, lost };
}

/** Only a 404 or 410 says an issue is gone; a listing that lags behind says nothing. */
async function isGone(api: GitHubApi, number: number): Promise<boolean> {
  try {
    await api.getIssue(number);
    return false;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 410) return true;
    throw error;
  }
}

/** Orphans are closed only with prune; duplicates are closed. Nothing is ever deleted. Unit ids: cleanupUnitId. */
async function cleanup(
  run: Run,
  api: GitHubApi,
  changeSet: ChangeSet,
  issues: ReadonlyMap<string, RemoteIssue>,
  lateDuplicates: Duplicate[],
): Promise<PhaseResult> {
  const planIssues = new Map([...issues.values()].map((issue) => [issue.number, issue]));
  type Unit = { kind: 'orphan'; id: string; issue: RemoteIssue } | { kind: 'duplicate'; duplicate: Duplicate };
  const units: Unit[] = [
    ...changeSet.orphansToClose.map((o) => ({ kind: 'orphan' as const, ...o })),
    ...[...changeSet.duplicatesToClose, ...lateDuplicates].map((duplicate) => ({
      kind: 'duplicate' as const,
      duplicate,
    })),
  ];
  return runPhase(run, {
    phase: 'cleanup',
    work: units,
    id: (unit) => (unit.kind === 'orphan' ? cleanupUnitId.orphan(unit.id) : cleanupUnitId.duplicate(unit.duplicate)),
    step: async (unit) => {
      if (unit.kind === 'orphan') {
        await api.updateIssue(unit.issue.number, { state: 'closed', state_reason: 'not_planned' });
        return unit.issue.number;
      }
      await retireDuplicate(api, unit.duplicate.extra, unit.duplicate.kept, (n) => planIssues.get(n));
      return unit.duplicate.extra.number;
    },
  });
}

export const cleanupUnitId = {
  orphan: (itemId: string) => `orphan:${itemId}`,
  duplicate: (duplicate: Duplicate) => `duplicate:#${duplicate.extra.number}`,
};

/** Project: add each issue of the plan once, then write the plan-owned values that differ, one update per item. */
async function syncProject(
  run: Run,
  changeSet: ChangeSet,
  projects: ProjectsApi | undefined,
  issues: ReadonlyMap<string, RemoteIssue>,
): Promise<Outcome['project']> {
  const spec = changeSet.plan.project;
  const items = changeSet.remote.project?.items;
  if (!spec || !projects || !items) return undefined;
  const work = projectChangesAfterCreates(changeSet, (id) => issues.get(id)?.id);
  const result = await runPhase(run, {
    phase: 'project',
    work,
    id: (change) => change.itemId,
    step: async (change) => {
      const issue = issues.get(change.itemId)!;
      await applyProjectChange(projects, change, issue.id, items.get(issue.id)?.id);
      return issue.number;
    },
    describe: (error) => projectAccessMessage(error, spec) ?? describeError(error),
  });
  return {
    done: work.filter((change) => !result.failed.has(change.itemId) && !result.skipped.has(change.itemId)),
    failed: work.flatMap((change) => {
      const failed = result.failed.get(change.itemId);
      const skipped = result.skipped.get(change.itemId);
      if (failed !== undefined) return [{ id: change.itemId, error: failed }];
      return skipped !== undefined ? [{ id: change.itemId, error: `not synced: ${skipped}` }] : [];
    }),
  };
}
