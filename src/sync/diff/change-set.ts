/**
 * Pure: the change set, everything a sync will write, computed once from the plan and what discovery found. The
 * dry run reports it, the cost estimate counts it, and the execution carries it out. Only the enrichment step
 * (`enrichment`) diffs again after the creates, because the bodies name the numbers that GitHub has just given.
 */
import type { RemoteIssue } from '../../github/api.js';
import { type ItemKind, KINDS, type Plan, type PlanItem } from '../../plan/index.js';
import type { Duplicate } from '../discover/classify.js';
import type { RemoteState } from '../discover/discover.js';
import { type LikelyRename, likelyRenameMessage, likelyRenames } from '../discover/renames.js';
import { type ChangeCounts, countEnrichments } from './cost.js';
import { type BodyNote, createFields, type DesiredContext, diffIssue, type IssueDiff } from './item-diff.js';
import { offlineProjectChanges, type ProjectChange, planProjectChanges } from './project-diff.js';
import { diffRelations, type RelationPlan } from './relation-diff.js';

export interface ItemPrediction {
  action: 'created' | 'updated' | 'unchanged';
  changes: string[];
  note?: BodyNote;
}

export interface ChangeSet {
  plan: Plan;
  label: string;
  remote: RemoteState;
  /** Items to create, by kind: epics first, then stories, then tasks. */
  creates: Record<ItemKind, PlanItem[]>;
  /** What happens to each item, as the dry run shows it (bodies of relatives of new items show as changing). */
  predictions: Map<string, ItemPrediction>;
  relations: RelationPlan;
  labelsToCreate: string[];
  milestonesToCreate: string[];
  /** Open orphans, closed with prune; every orphan is reported. */
  orphansToClose: { id: string; issue: RemoteIssue }[];
  /** Prune would have closed more than the limit: nothing is closed, and these are reported. */
  pruneRefused?: PruneRefusal;
  /** Open duplicates with the evidence of a race: closed. Those with a conflict are reported only. */
  duplicatesToClose: Duplicate[];
  /** Orphans that look like the old id of an item to create. */
  likelyRenames: LikelyRename[];
  /** What the diff found that a person should know, one sentence each. */
  warnings: string[];
  projectChanges: ProjectChange[];
  counts: ChangeCounts;
  /** Decided from the change counts themselves, never from arithmetic over them. */
  needsWrites: boolean;
}

export interface PruneRefusal {
  wouldClose: { id: string; issue: RemoteIssue }[];
  limit: number;
  /** This plan's issues, orphans included. */
  managed: number;
}

export interface DiffOptions {
  label: string;
  prune: boolean;
  /** The most orphans one run may close; default `pruneLimit` of the plan's issue count. */
  maxPrune?: number;
}

/**
 * Mass closing needs consent: one run closes at most 10 orphans, and no more than a quarter of the plan's issues
 * (at least 3), unless `--max-prune` says more. A renamed plan or a second plan file with the same id would
 * otherwise close another team's roadmap.
 */
export function pruneLimit(managed: number): number {
  return Math.min(10, Math.max(3, Math.floor(managed / 4)));
}

/** Issues still to be created count as not on the project board yet. */
const NOT_CREATED = -1;

export function diffPlan(plan: Plan, remote: RemoteState, options: DiffOptions): ChangeSet {
  const planIds = new Set(plan.items.map((item) => item.id));
  const issues = remote.issues;
  const creates = Object.fromEntries(
    KINDS.map((kind) => [kind, plan.items.filter((item) => item.kind === kind && !issues.has(item.id))]),
  ) as Record<ItemKind, PlanItem[]>;
  // Items still to be created get a placeholder number, so the bodies of their relatives show as changing.
  const predictedNumber = (id: string) => issues.get(id)?.number ?? (planIds.has(id) ? 0 : undefined);
  const predictions = new Map<string, ItemPrediction>();
  const createContext = desiredContext(plan, remote, options.label);
  const updateContext = desiredContext(plan, remote, options.label, predictedNumber);
  for (const item of plan.items) {
    const issue = issues.get(item.id);
    if (!issue) {
      predictions.set(item.id, { action: 'created', changes: Object.keys(createFields(item, createContext)) });
      continue;
    }
    const diff = diffIssue(item, issue, updateContext);
    predictions.set(item.id, {
      action: diff.changes.length > 0 ? 'updated' : 'unchanged',
      changes: diff.changes,
      ...(diff.note ? { note: diff.note } : {}),
    });
  }
  const relations = diffRelations(plan, issues, remote.links, {
    subIssues: remote.links.subIssues,
    dependencies: remote.links.blockers !== undefined,
  });
  const projectChanges = !plan.project
    ? []
    : remote.project?.resolved
      ? planProjectChanges(
          plan,
          (id) => issues.get(id)?.id ?? NOT_CREATED,
          remote.project.items,
          remote.project.resolved,
        )
      : offlineProjectChanges(plan);
  // A person who reopened an issue that planpilot closed has said no: it is reported, never closed again.
  const closable = (issue: RemoteIssue) => issue.state === 'open' && !reopenedByAPerson(issue);
  const warnings: string[] = [];
  const wouldClose = options.prune ? remote.orphans.filter((orphan) => closable(orphan.issue)) : [];
  const limit = options.maxPrune ?? pruneLimit(issues.size);
  const pruneRefused = wouldClose.length > limit ? { wouldClose, limit, managed: issues.size } : undefined;
  const orphansToClose = pruneRefused ? [] : wouldClose;
  if (pruneRefused) warnings.push(pruneRefusalMessage(plan, pruneRefused));
  const duplicatesToClose = remote.duplicates.filter((d) => d.conflict === undefined && closable(d.extra));
  for (const d of remote.duplicates) {
    if (d.conflict !== undefined && d.extra.state === 'open') {
      warnings.push(
        `#${d.extra.number} and #${d.kept.number} both carry the marker of "${d.itemId}", but ${d.conflict}: ` +
          `neither is closed; #${d.kept.number} is synced. Close the one that is not "${d.itemId}", or remove ` +
          'its marker.',
      );
    }
  }
  const renames = likelyRenames(
    remote.orphans,
    KINDS.flatMap((kind) => creates[kind]),
    issues,
  );
  for (const rename of renames) warnings.push(likelyRenameMessage(rename));
  for (const item of plan.items) {
    const issue = issues.get(item.id);
    if (issue?.state === 'closed' && issue.stateReason === 'not_planned') {
      warnings.push(
        `#${issue.number} ("${item.id}") is closed as not planned, but the plan has it: reopen it if it is still ` +
          `planned. If another plan file uses the id "${plan.id}", its --prune may have closed it: give one plan ` +
          'another id.',
      );
    }
  }
  const values = [...predictions.values()];
  const createCount = values.filter((p) => p.action === 'created').length;
  const children = childrenIndex(plan);
  const counts: ChangeCounts = {
    labels: remote.missingLabels.length,
    milestones: remote.missingMilestones.length,
    creates: createCount,
    patches:
      values.filter((p) => p.action === 'updated').length +
      countEnrichments(
        plan.items,
        (id) => issues.has(id),
        (id) => children.get(id) ?? [],
      ),
    linkAdds: relations.add.length,
    linkRemoves: relations.remove.length,
    closes: orphansToClose.length + duplicatesToClose.length,
    rediscoverReads: createCount > 0 ? Math.ceil((remote.labelled.size + createCount) / 100) : 0,
    projectAdds: projectChanges.filter((change) => change.add).length,
    projectUpdates: projectChanges.filter((change) => change.set.length > 0).length,
  };
  return {
    plan,
    label: options.label,
    remote,
    creates,
    predictions,
    relations,
    labelsToCreate: remote.missingLabels,
    milestonesToCreate: remote.missingMilestones,
    orphansToClose,
    ...(pruneRefused ? { pruneRefused } : {}),
    duplicatesToClose,
    likelyRenames: renames,
    warnings,
    projectChanges,
    counts,
    needsWrites: Object.entries(counts).some(([kind, n]) => kind !== 'rediscoverReads' && n > 0),
  };
}

function pruneRefusalMessage(plan: Plan, refusal: PruneRefusal): string {
  const numbers = refusal.wouldClose.map((o) => `#${o.issue.number}`);
  const shown = numbers.length > 10 ? `${numbers.slice(0, 10).join(', ')}, …` : numbers.join(', ');
  return (
    `--prune would close ${refusal.wouldClose.length} of the plan's ${refusal.managed} issues (${shown}), more than ` +
    `one run closes without consent (${refusal.limit}): none is closed. If these items left the plan on purpose, ` +
    `pass --max-prune ${refusal.wouldClose.length}. If another plan file uses the id "${plan.id}", give one of ` +
    'them another id.'
  );
}

export function reopenedByAPerson(issue: RemoteIssue): boolean {
  return issue.state === 'open' && issue.stateReason === 'reopened';
}

/** What an item should look like on GitHub, given the numbers known so far. */
export function desiredContext(
  plan: Plan,
  remote: Pick<RemoteState, 'typing' | 'milestones'>,
  label: string,
  numberOf: (id: string) => number | undefined = () => undefined,
): DesiredContext {
  const children = childrenIndex(plan);
  return {
    planId: plan.id,
    previousPlanIds: plan.previousIds,
    managedLabel: label,
    typing: remote.typing,
    milestoneNumber: (title) => remote.milestones.get(title),
    render: { numberOf, childrenOf: (id) => children.get(id) ?? [] },
  };
}

/** The create request of an item, rendered with the numbers its relatives have so far. */
export function createRequest(changeSet: ChangeSet, item: PlanItem, numberOf: (id: string) => number | undefined) {
  return createFields(item, desiredContext(changeSet.plan, changeSet.remote, changeSet.label, numberOf));
}

/**
 * The enrichment step: once every created issue has its number, each issue of the plan whose plan-owned fields
 * differ from GitHub's, with the one patch that makes them match.
 */
export function enrichment(
  changeSet: ChangeSet,
  issues: ReadonlyMap<string, RemoteIssue>,
  skip: (itemId: string) => boolean,
): { item: PlanItem; issue: RemoteIssue; diff: IssueDiff }[] {
  const context = desiredContext(changeSet.plan, changeSet.remote, changeSet.label, (id) => issues.get(id)?.number);
  return changeSet.plan.items.flatMap((item) => {
    const issue = issues.get(item.id);
    if (!issue || skip(item.id)) return [];
    return [{ item, issue, diff: diffIssue(item, issue, context) }];
  });
}

/** The project step, against the issues as they are after the creates. */
export function projectChangesAfterCreates(
  changeSet: ChangeSet,
  issueIdOf: (itemId: string) => number | undefined,
): ProjectChange[] {
  const project = changeSet.remote.project;
  if (!changeSet.plan.project || !project?.resolved) return [];
  return planProjectChanges(changeSet.plan, issueIdOf, project.items, project.resolved);
}

/** Each item's children, built once per plan (every desired context needs it; rebuilding it per item is O(n²)). */
const childrenIndexes = new WeakMap<Plan, Map<string, string[]>>();
function childrenIndex(plan: Plan): Map<string, string[]> {
  const known = childrenIndexes.get(plan);
  if (known) return known;
  const children = new Map<string, string[]>();
  for (const item of plan.items) {
    if (item.parent !== undefined) children.set(item.parent, [...(children.get(item.parent) ?? []), item.id]);
  }
  childrenIndexes.set(plan, children);
  return children;
}
