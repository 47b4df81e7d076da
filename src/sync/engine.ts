/**
 * The sync: makes GitHub match a plan in dependency-ordered phases.
 *
 *   discover → (read what the plan needs) → epics ∥ → stories ∥ → tasks ∥ → enrich ∥ → relations ∥ → orphans
 *   → project ∥ (add each issue to the plan's Projects v2 board and set the values the plan names)
 *
 * Everything goes through one client (one p-limit, one pacer), so "in parallel" means "as parallel as the client
 * allows". Every decision is a pure function of the plan and what GitHub says now (item-diff, relations, render);
 * this module only sequences them and records what happened. One item's failure is recorded and the others go on.
 */
import { ExitCode } from '../exit-codes.js';
import { GitHubApi, type RemoteIssue, type RepoRef } from '../github/api.js';
import { DEFAULT_API_URL } from '../github/api-url.js';
import {
  ContentBudgetError,
  createGitHubClient,
  type GitHubClient,
  type Pacing,
  RateLimitError,
} from '../github/client.js';
import { type ProjectItem, ProjectsApi } from '../github/projects-api.js';
import { detectServerFeatures, GITHUB_COM_FEATURES, type ServerFeatures } from '../github/server-features.js';
import type { Plan, PlanItem } from '../plan/index.js';
import { KINDS } from '../plan/index.js';
import { type ChangeCounts, countEnrichments, estimateCost } from './diff/cost.js';
import { createFields, type DesiredContext, desiredLabels, diffIssue } from './diff/item-diff.js';
import {
  offlineProjectChanges,
  type ProjectChange,
  planProjectChanges,
  type ResolvedValue,
  resolveProjectValues,
} from './diff/project-diff.js';
import {
  adoptUnmarked,
  classifyIssues,
  type Duplicate,
  discoverManagedIssues,
  emptyRemoteState,
  type RemoteState,
} from './discover/classify.js';
import { describeError, projectAccessMessage, repositoryAccessError, SyncError } from './errors.js';
import { applyRelations } from './execute/apply-relations.js';
import { ensureBudget } from './execute/budget.js';
import { createIssueOnce } from './execute/create-issue.js';
import { retireDuplicate } from './execute/duplicates.js';
import { applyProjectChange } from './execute/project-writes.js';
import {
  checkRepositoryAccess,
  createLabels,
  createMilestones,
  findMissingLabels,
  resolveMilestones,
  resolveTyping,
  type Typing,
} from './preflight.js';
import type { Phase, ProgressListener } from './progress.js';
import { planRelations, type RelationChange, type RelationPlan } from './relations.js';
import {
  type DuplicateReport,
  duplicateAction,
  duplicateReport,
  itemReport,
  type OrphanReport,
  orphanAction,
  orphanReport,
  type ProjectReport,
  type RelationReport,
  type SyncReport,
} from './report/report.js';

export const DEFAULT_LABEL = 'planpilot';

export interface SyncOptions {
  /** `owner/name`. */
  repo: string;
  /** The run's client. Without one (and without a token) only an offline dry run is possible. */
  client?: GitHubClient;
  /** Library convenience: without `client`, one is made from these (defaults: api.github.com, 5, github). */
  token?: string;
  apiUrl?: string;
  maxConcurrency?: number;
  pacing?: Pacing;
  /** The client for Projects v2 calls (a token that can reach the project); default: `client`. */
  projectClient?: GitHubClient;
  /** Library convenience: without `projectClient`, one is made from this token with the same options. */
  projectToken?: string;
  dryRun?: boolean;
  /** Close open issues whose item left the plan (reason `not_planned`), and duplicates (reason `duplicate`). */
  prune?: boolean;
  /** The managed label; default `planpilot`. */
  label?: string;
  onProgress?: ProgressListener;
  /** Warnings as they happen (they are in the report too). */
  warn?: (message: string) => void;
  /** When the primary budget cannot cover the run, wait for its reset instead of stopping with exit 4. */
  waitForBudget?: boolean;
  /** Progress messages that are not warnings (budget waits). */
  log?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export function parseRepo(repo: string): RepoRef {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})?)\/([A-Za-z0-9._-]{1,100})$/.exec(repo);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new SyncError(`"${repo}" is not a repository: expected owner/name, e.g. acme/shop.`, ExitCode.Usage);
  }
  return { owner: match[1]!, repo: match[2]! };
}

export async function sync(plan: Plan, options: SyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const ref = parseRepo(options.repo);
  const label = options.label ?? DEFAULT_LABEL;
  const dryRun = options.dryRun === true;
  const client = options.client ?? (options.token ? clientFor(options.token, options) : undefined);
  if (!client && !dryRun) {
    throw new SyncError('A sync needs a GitHub token (only --dry-run works without one).', ExitCode.Auth);
  }
  // What the server offers decides how the run goes (one GET /meta on GitHub Enterprise Server, none elsewhere).
  const features = client ? await detectServerFeatures(client.octokit) : GITHUB_COM_FEATURES;
  const api = client ? new GitHubApi(client.octokit, ref, features) : undefined;
  const projectClient =
    options.projectClient ?? (options.projectToken && client ? clientFor(options.projectToken, options) : client);
  const separateProjectClient = projectClient !== undefined && projectClient !== client;
  const projects = plan.project && projectClient ? new ProjectsApi(projectClient.octokit, plan.project) : undefined;
  const emit: ProgressListener = options.onProgress ?? (() => {});
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };

  if (plan.project && !features.projects) {
    throw new SyncError(
      `${features.name} has no Projects v2 REST API (GitHub Enterprise Server has it from 3.20), which the plan's ` +
        `project: (${plan.project.url}) needs. Nothing was changed. Remove project: from the plan to sync the ` +
        'issues without the board, or sync against a server that has it.',
      ExitCode.Auth,
    );
  }
  for (const message of missingFeatureWarnings(plan, features)) warn(message);

  // ── Discover ────────────────────────────────────────────────────────────────────────────────────────────────
  emit({ type: 'phase-start', phase: 'discover', total: 0 });
  let remote: RemoteState = emptyRemoteState();
  if (api) {
    try {
      remote = await discoverManagedIssues(api, plan.id, label);
    } catch (error) {
      throw repositoryAccessError(error, options.repo) ?? error;
    }
  }
  const planIds = new Set(plan.items.map((item) => item.id));
  const adopted = adoptUnmarked(plan, remote, warn);
  /** This plan's issue of each item, orphans included; grows as issues are created. */
  const issues = new Map<string, RemoteIssue>([...remote.byItem, ...adopted]);
  const orphans = [...remote.byItem].filter(([id]) => !planIds.has(id)).map(([id, issue]) => ({ id, issue }));

  // The reads below are independent of each other: they go out together.
  const seenLabels = new Set(
    [...remote.labelled.values()].flatMap((issue) => issue.labels.map((l) => l.toLowerCase())),
  );
  // The labels list is needed when a plan label was never seen on an issue; start it now rather than after typing.
  const planLabels = uniqueIgnoringCase([label, ...plan.items.flatMap((item) => item.labels)]);
  const labelList =
    api && planLabels.some((name) => !seenLabels.has(name.toLowerCase())) ? api.listLabels() : undefined;
  labelList?.catch(() => undefined); // Awaited below; this keeps an early failure from going unhandled meanwhile.
  const seenMilestones = new Map<string, number>();
  for (const issue of remote.labelled.values()) {
    if (issue.milestone) seenMilestones.set(issue.milestone.title, issue.milestone.number);
  }
  const neededMilestones = plan.items.flatMap((item) => (item.milestone === undefined ? [] : [item.milestone]));
  const [typing, { numbers: milestones, missing: missingMilestones }, relationPlan, projectState] = await Promise.all([
    resolveTyping(plan, issues, api, warn),
    resolveMilestones(neededMilestones, seenMilestones, api),
    planRelations(plan, issues, api),
    readProject(),
  ]);
  const neededLabels = uniqueIgnoringCase(plan.items.flatMap((item) => desiredLabels(item, contextFor(typing))));
  const missingLabels = await findMissingLabels(neededLabels, seenLabels, api, labelList);
  const { resolved, projectItems } = projectState;

  /**
   * The project's fields (every plan value is checked against them before any write), then, when the plan has
   * issues already, the project's items with the values of the plan-owned fields.
   */
  async function readProject(): Promise<{
    resolved: Map<string, ResolvedValue[]>;
    projectItems: Map<number, ProjectItem>;
  }> {
    const result = { resolved: new Map<string, ResolvedValue[]>(), projectItems: new Map<number, ProjectItem>() };
    if (plan.project && projects) {
      const spec = plan.project;
      const access = (error: unknown) => {
        const message = projectAccessMessage(error, spec);
        return message ? new SyncError(message, ExitCode.Auth) : error;
      };
      try {
        result.resolved = resolveProjectValues(plan, await projects.listFields());
      } catch (error) {
        throw error instanceof SyncError ? error : access(error);
      }
      if (plan.items.some((item) => issues.has(item.id))) {
        const fieldIds = [...new Set([...result.resolved.values()].flatMap((values) => values.map((v) => v.fieldId)))];
        try {
          for (const item of await projects.listItems(fieldIds)) {
            if (item.issueId !== undefined) result.projectItems.set(item.issueId, item);
          }
        } catch (error) {
          throw access(error);
        }
      }
    } else if (
      !plan.project &&
      plan.items.some((item) => Object.keys(item.fields).length > 0 || item.estimate !== undefined)
    ) {
      warn('some items give project fields or an estimate, but the plan has no project: section; they are ignored.');
    }
    return result;
  }
  emit({ type: 'phase-end', phase: 'discover' });

  const children = childrenIndex(plan);
  function contextFor(typingNow: Typing, numberOf: (id: string) => number | undefined = () => undefined) {
    const context: DesiredContext = {
      planId: plan.id,
      managedLabel: label,
      typing: typingNow,
      milestoneNumber: (title) => milestones.get(title),
      render: { numberOf, childrenOf: (id) => children.get(id) ?? [] },
    };
    return context;
  }

  // ── Predict: the full change set, as a dry run shows it and as the budget check counts it ──────────────────
  // Items still to be created get a placeholder number, so the bodies of their relatives show as changing.
  const predictedNumber = (id: string) => issues.get(id)?.number ?? (planIds.has(id) ? 0 : undefined);
  const predicted = new Map<
    string,
    { action: 'created' | 'updated' | 'unchanged'; changes: string[]; note?: string }
  >();
  for (const item of plan.items) {
    const issue = issues.get(item.id);
    if (!issue) {
      predicted.set(item.id, { action: 'created', changes: createdFieldNames(item, contextFor(typing)) });
      continue;
    }
    const diff = diffIssue(item, issue, contextFor(typing, predictedNumber));
    predicted.set(item.id, {
      action: diff.changes.length > 0 ? 'updated' : 'unchanged',
      changes: diff.changes,
      ...(diff.note ? { note: diff.note } : {}),
    });
  }
  const openOrphans = orphans.filter((orphan) => orphan.issue.state === 'open');
  const openDuplicates = remote.duplicates.filter((duplicate) => duplicate.extra.state === 'open');
  const values = [...predicted.values()];
  const creates = values.filter((p) => p.action === 'created').length;
  const enrichments = countEnrichments(
    plan.items,
    (id) => issues.has(id),
    (id) => children.get(id) ?? [],
  );
  // Issues still to be created count as not in the project: they are added and get every plan-owned value.
  const NOT_CREATED = -1;
  const predictedProject: ProjectChange[] = !plan.project
    ? []
    : projects
      ? planProjectChanges(plan, (id) => issues.get(id)?.id ?? NOT_CREATED, projectItems, resolved)
      : offlineProjectChanges(plan);
  const changeCounts: ChangeCounts = {
    labels: missingLabels.length,
    milestones: missingMilestones.length,
    creates,
    patches: values.filter((p) => p.action === 'updated').length + enrichments,
    linkAdds: relationPlan.add.length,
    linkRemoves: relationPlan.remove.length,
    closes: (options.prune ? openOrphans.length : 0) + openDuplicates.length,
    rediscoverReads: creates > 0 ? Math.ceil((remote.labelled.size + creates) / 100) : 0,
    projectAdds: predictedProject.filter((change) => change.add).length,
    projectUpdates: predictedProject.filter((change) => change.set.length > 0).length,
  };
  // Offline, count the reads a real first run makes: the issue list, issue types, labels, milestones and the
  // project's fields (its items are not read when the plan has no issues yet).
  const offlineReads =
    2 + (neededLabels.length > 0 ? 1 : 0) + (neededMilestones.length > 0 ? 1 : 0) + (plan.project ? 1 : 0);
  const readsSoFar = client
    ? client.stats().total + (separateProjectClient ? (projectClient?.stats().total ?? 0) : 0)
    : offlineReads;
  const cost = estimateCost(changeCounts, readsSoFar, {
    maxConcurrency: options.maxConcurrency ?? 5,
    pacing: options.pacing ?? 'github',
  });
  // Decided from the change counts themselves, never from arithmetic over them.
  const needsWrites = Object.entries(changeCounts).some(([kind, n]) => kind !== 'rediscoverReads' && n > 0);

  const report: SyncReport = {
    plan: plan.id,
    repo: `${ref.owner}/${ref.repo}`,
    dryRun,
    cost,
    items: [],
    relations: { added: [], removed: [], failed: [], skipped: [] },
    orphans: [],
    duplicates: [],
    labelsCreated: [],
    milestonesCreated: [],
    ...(plan.project ? { project: { url: plan.project.url, itemsAdded: [], itemsUpdated: [], failed: [] } } : {}),
    warnings,
    requests: { total: 0, reads: 0, writes: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 },
    durationMs: 0,
    exitCode: 0,
  };

  const skippedItems = new Map<string, string>();
  let halted: RateLimitError | ContentBudgetError | undefined;

  const finish = (): SyncReport => {
    const stats = client?.stats();
    if (stats) {
      const { byRoute: _byRoute, ...totals } = stats;
      const extra = separateProjectClient ? projectClient?.stats() : undefined;
      report.requests = extra
        ? {
            total: totals.total + extra.total,
            reads: totals.reads + extra.reads,
            writes: totals.writes + extra.writes,
            retries: totals.retries + extra.retries,
            rateLimitWaits: totals.rateLimitWaits + extra.rateLimitWaits,
            rateLimitWaitMs: totals.rateLimitWaitMs + extra.rateLimitWaitMs,
          }
        : totals;
    }
    report.durationMs = Math.round(performance.now() - started);
    const failed =
      report.items.some((item) => item.action === 'failed' || item.action === 'skipped') ||
      report.relations.failed.length > 0 ||
      report.orphans.some((orphan) => orphan.action === 'failed') ||
      report.duplicates.some((duplicate) => duplicate.action === 'failed') ||
      (report.project?.failed.length ?? 0) > 0;
    report.exitCode = halted ? ExitCode.Budget : failed ? ExitCode.PartialFailure : ExitCode.Success;
    return report;
  };
  const relationReport = (change: RelationChange): RelationReport => ({
    kind: change.kind,
    from: change.from,
    to: change.to,
    fromNumber: issues.get(change.from)?.number ?? null,
    toNumber: issues.get(change.to)?.number ?? null,
  });

  if (dryRun) {
    for (const item of plan.items) {
      const p = predicted.get(item.id)!;
      report.items.push(itemReport(item, issues.get(item.id), p.action, p.changes, p.note));
    }
    report.relations.added = relationPlan.add.map(relationReport);
    report.relations.removed = relationPlan.remove.map(relationReport);
    report.orphans = orphans.map(({ id, issue }) => orphanReport(id, issue, orphanAction(issue, options.prune)));
    report.duplicates = remote.duplicates.map((d) => duplicateReport(d, duplicateAction(d.extra, true)));
    report.labelsCreated = missingLabels;
    report.milestonesCreated = missingMilestones;
    if (report.project) recordProjectChanges(report.project, predictedProject, issues);
    return finish();
  }

  if (!api || !needsWrites) {
    for (const item of plan.items) report.items.push(itemReport(item, issues.get(item.id), 'unchanged', []));
    report.orphans = orphans.map(({ id, issue }) => orphanReport(id, issue, 'kept'));
    report.duplicates = remote.duplicates.map((d) => duplicateReport(d, duplicateAction(d.extra, false)));
    return finish();
  }

  // ── Writes ──────────────────────────────────────────────────────────────────────────────────────────────────
  // Both reads at once; an access problem (exit 3) is reported before a budget one (exit 4).
  const [access, budget] = await Promise.allSettled([
    checkRepositoryAccess(api, options.repo),
    ensureBudget(api, cost.requests.writes, {
      waitForBudget: options.waitForBudget === true,
      sleep,
      log: options.log ?? warn,
    }),
  ]);
  if (access.status === 'rejected') throw access.reason;
  if (budget.status === 'rejected') throw budget.reason;
  await Promise.all([createLabels(api, missingLabels), createMilestones(api, missingMilestones, milestones)]);
  report.labelsCreated = missingLabels;
  report.milestonesCreated = missingMilestones;

  const failures = new Map<string, string>();
  const created = new Set<string>();
  const numberOf = (id: string) => issues.get(id)?.number;

  const runPhase = async <T>(
    phase: Phase,
    work: T[],
    id: (w: T) => string,
    step: (w: T) => Promise<number | undefined>,
  ) => {
    emit({ type: 'phase-start', phase, total: work.length });
    await Promise.all(
      work.map(async (w) => {
        if (halted) {
          if (phase !== 'relations' && phase !== 'cleanup') skippedItems.set(id(w), halted.message);
          return;
        }
        emit({ type: 'item', phase, id: id(w), status: 'starting' });
        try {
          const number = await step(w);
          emit({ type: 'item', phase, id: id(w), status: 'completed', ...(number ? { number } : {}) });
        } catch (error) {
          // The primary limit is spent until a reset too far away to wait for: stop writing, report what is left.
          if (error instanceof RateLimitError || error instanceof ContentBudgetError) halted ??= error;
          const message = describeError(error);
          emit({ type: 'item', phase, id: id(w), status: 'failed', message });
          if (phase !== 'relations' && phase !== 'cleanup') failures.set(id(w), message);
        }
      }),
    );
    emit({ type: 'phase-end', phase });
  };

  /** A problem that makes going on pointless or harmful (labels dropped): the run stops after the phase. */
  let fatal: SyncError | undefined;
  // Epics, then stories, then tasks: each phase's bodies can name the parents made by the one before.
  const phaseOf = { epic: 'epics', story: 'stories', task: 'tasks' } as const;
  for (const kind of KINDS) {
    const toCreate = plan.items.filter((item) => item.kind === kind && !issues.has(item.id));
    await runPhase(
      phaseOf[kind],
      toCreate,
      (item) => item.id,
      async (item) => {
        const fields = createFields(item, contextFor(typing, numberOf));
        const issue = await createIssueOnce(api, fields, { plan: plan.id, item: item.id, label }, sleep);
        issues.set(item.id, issue);
        created.add(item.id);
        // GitHub silently drops labels a token may not set; without the managed label the issue cannot be found
        // again, and the next run would make another. Stop at once.
        if (!issue.labels.some((name) => name.toLowerCase() === label.toLowerCase())) {
          fatal ??= new SyncError(
            `GitHub created #${issue.number} ("${item.id}") but dropped its labels: the token may not set labels in ` +
              `${options.repo}. It needs the "issues: write" permission (push access). Add the label "${label}" to ` +
              `#${issue.number} by hand, or delete it, before the next sync.`,
            ExitCode.Auth,
          );
        }
        return issue.number;
      },
    );
    if (fatal) throw fatal;
  }

  // Another run may have created some of the same items at the same moment: the oldest issue of each item wins,
  // and this run's newer one is closed as its duplicate before anything links to it.
  const lateDuplicates: Duplicate[] = [];
  if (created.size > 0 && !halted) {
    try {
      const fresh = classifyIssues(await api.listIssuesWithLabel(label), plan.id);
      for (const id of [...created]) {
        const mine = issues.get(id);
        const oldest = fresh.byItem.get(id);
        if (!mine || !oldest || oldest.number === mine.number) continue;
        issues.set(id, oldest);
        created.delete(id);
        lateDuplicates.push({ itemId: id, kept: oldest, extra: mine });
      }
    } catch (error) {
      warn(`could not check for issues created by a concurrent run: ${describeError(error)}`);
    }
  }

  // Enrich: every number is known now; write each plan-owned field that differs from GitHub's, one PATCH per item.
  const changes = new Map<string, { changes: string[]; note?: string }>();
  const toUpdate: { item: PlanItem; issue: RemoteIssue; diff: ReturnType<typeof diffIssue> }[] = [];
  for (const item of plan.items) {
    const issue = issues.get(item.id);
    if (!issue || failures.has(item.id)) continue;
    const diff = diffIssue(item, issue, contextFor(typing, numberOf));
    if (diff.changes.length > 0) toUpdate.push({ item, issue, diff });
    if (!created.has(item.id))
      changes.set(item.id, { changes: diff.changes, ...(diff.note ? { note: diff.note } : {}) });
  }
  await runPhase(
    'enrich',
    toUpdate,
    (u) => u.item.id,
    async ({ item, issue, diff }) => {
      issues.set(item.id, await api.updateIssue(issue.number, diff.patch));
      return issue.number;
    },
  );

  // Relations: links to or from an item that failed are skipped (and reported), the rest go in parallel.
  emit({ type: 'phase-start', phase: 'relations', total: relationPlan.add.length + relationPlan.remove.length });
  const relations = await applyRelations(
    api,
    halted ? { add: [], remove: [] } : relationPlan,
    (id) => issues.get(id),
    sleep,
  );
  if (halted) {
    report.relations.skipped = [...relationPlan.add, ...relationPlan.remove].map((change) => ({
      ...relationReport(change),
      error: halted?.message ?? '',
    }));
  }
  for (const message of relations.warnings) warn(message);
  halted ??= relations.halted as RateLimitError | ContentBudgetError | undefined;
  report.relations = {
    added: relations.added,
    removed: relations.removed,
    failed: relations.failed,
    skipped: [...report.relations.skipped, ...relations.skipped],
  };
  emit({ type: 'phase-end', phase: 'relations' });

  // Orphans are reported every run and closed only with --prune; duplicates are closed. Nothing is ever deleted.
  emit({
    type: 'phase-start',
    phase: 'cleanup',
    total: (options.prune ? openOrphans.length : 0) + openDuplicates.length + lateDuplicates.length,
  });
  report.orphans = await Promise.all(
    orphans.map(async ({ id, issue }): Promise<OrphanReport> => {
      const action = orphanAction(issue, options.prune && !halted);
      if (action !== 'closed') return orphanReport(id, issue, action);
      try {
        await api.updateIssue(issue.number, { state: 'closed', state_reason: 'not_planned' });
        return orphanReport(id, issue, 'closed');
      } catch (error) {
        return { ...orphanReport(id, issue, 'failed'), error: describeError(error) };
      }
    }),
  );
  const planIssues = new Map([...issues.values()].map((issue) => [issue.number, issue]));
  report.duplicates = await Promise.all(
    [...remote.duplicates, ...lateDuplicates].map(async (duplicate): Promise<DuplicateReport> => {
      if (duplicate.extra.state === 'closed') return duplicateReport(duplicate, 'already closed');
      if (halted) return duplicateReport(duplicate, 'kept');
      try {
        await retireDuplicate(api, duplicate.extra, duplicate.kept, (n) => planIssues.get(n));
        return duplicateReport(duplicate, 'closed');
      } catch (error) {
        return { ...duplicateReport(duplicate, 'failed'), error: describeError(error) };
      }
    }),
  );
  emit({ type: 'phase-end', phase: 'cleanup' });

  // Project: add each issue of the plan once, then write the plan-owned values that differ, one update per item.
  if (plan.project && projects && report.project) {
    const projectReport = report.project;
    const work = planProjectChanges(plan, (id) => issues.get(id)?.id, projectItems, resolved);
    emit({ type: 'phase-start', phase: 'project', total: work.length });
    const done: ProjectChange[] = [];
    const failedProject = new Map<string, string>();
    await Promise.all(
      work.map(async (change) => {
        const issue = issues.get(change.itemId)!;
        if (halted) {
          failedProject.set(change.itemId, `not synced: ${halted.message}`);
          return;
        }
        emit({ type: 'item', phase: 'project', id: change.itemId, status: 'starting' });
        try {
          await applyProjectChange(projects, change, issue.id, projectItems.get(issue.id)?.id);
          done.push(change);
          emit({ type: 'item', phase: 'project', id: change.itemId, status: 'completed', number: issue.number });
        } catch (error) {
          if (error instanceof RateLimitError || error instanceof ContentBudgetError) halted ??= error;
          const message =
            (plan.project ? projectAccessMessage(error, plan.project) : undefined) ?? describeError(error);
          failedProject.set(change.itemId, message);
          emit({ type: 'item', phase: 'project', id: change.itemId, status: 'failed', message });
        }
      }),
    );
    const order = new Map(work.map((change, index) => [change.itemId, index]));
    done.sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0));
    recordProjectChanges(projectReport, done, issues);
    for (const change of work) {
      const error = failedProject.get(change.itemId);
      if (error !== undefined) {
        projectReport.failed.push({ id: change.itemId, number: issues.get(change.itemId)?.number ?? null, error });
      }
    }
    emit({ type: 'phase-end', phase: 'project' });
  }

  for (const item of plan.items) {
    const issue = issues.get(item.id);
    const failure = failures.get(item.id);
    const skipped = skippedItems.get(item.id);
    if (skipped !== undefined && failure === undefined) {
      report.items.push({ ...itemReport(item, issue, 'skipped', []), error: `not synced: ${skipped}` });
    } else if (failure !== undefined) {
      const wasCreated = created.has(item.id);
      report.items.push({
        ...itemReport(item, issue, 'failed', changes.get(item.id)?.changes ?? []),
        error: wasCreated ? `created, but completing it failed: ${failure}` : failure,
      });
    } else if (created.has(item.id)) {
      report.items.push(itemReport(item, issue, 'created', createdFieldNames(item, contextFor(typing))));
    } else {
      const c = changes.get(item.id) ?? { changes: [] };
      report.items.push(itemReport(item, issue, c.changes.length > 0 ? 'updated' : 'unchanged', c.changes, c.note));
    }
  }
  return finish();
}

function recordProjectChanges(
  report: ProjectReport,
  changes: readonly ProjectChange[],
  issues: ReadonlyMap<string, RemoteIssue>,
): void {
  for (const change of changes) {
    const number = issues.get(change.itemId)?.number ?? null;
    if (change.add) report.itemsAdded.push({ id: change.itemId, number });
    if (change.set.length > 0) {
      report.itemsUpdated.push({
        id: change.itemId,
        number,
        fields: Object.fromEntries(change.set.map((value) => [value.field, value.display])),
      });
    }
  }
}

/** One warning per feature the plan uses and the server lacks, naming the server and its version. */
function missingFeatureWarnings(plan: Plan, features: ServerFeatures): string[] {
  const warnings: string[] = [];
  if (features.subIssues === 'none' && plan.items.some((item) => item.parent !== undefined)) {
    warnings.push(
      `${features.name} has no sub-issues (GitHub Enterprise Server has them from 3.16): the hierarchy is kept ` +
        'in the issue bodies only (each names its parent and lists its children).',
    );
  }
  if (!features.dependencies && plan.items.some((item) => item.dependsOn.length > 0)) {
    warnings.push(
      `${features.name} has no issue dependencies (GitHub Enterprise Server has them from 3.19): blocked-by links ` +
        'are not made; the issue bodies name the blockers.',
    );
  }
  return warnings;
}

function childrenIndex(plan: Plan): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const item of plan.items) {
    if (item.parent !== undefined) children.set(item.parent, [...(children.get(item.parent) ?? []), item.id]);
  }
  return children;
}

function createdFieldNames(item: PlanItem, context: DesiredContext): string[] {
  return Object.keys(createFields(item, context));
}

function uniqueIgnoringCase(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
}

/** The library's convenience: a client from a token and the options' API URL, concurrency and pacing. */
function clientFor(token: string, options: SyncOptions): GitHubClient {
  return createGitHubClient({
    token,
    apiUrl: options.apiUrl ?? DEFAULT_API_URL,
    maxConcurrency: options.maxConcurrency ?? 5,
    pacing: options.pacing ?? 'github',
  });
}

export type { RelationPlan };
