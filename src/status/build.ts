/**
 * Pure: the status report from what discovery read and what a dry run of the sync would do. Every view (text,
 * Markdown, mermaid, JSON) renders this one value.
 */
import type { RemoteIssue } from '../github/api.js';
import type { PlanItem } from '../plan/index.js';
import type { ChangeSet } from '../sync/diff/change-set.js';
import type { SyncReport } from '../sync/report/report.js';
import type { Progress, StatusDrift, StatusItem, StatusReport } from './report.js';

/** The project's Status option name of an issue by its global id; null when unset. */
export type ProjectStatusOf = (issueId: number) => string | null;

export function buildStatusReport(
  changeSet: ChangeSet,
  dryRun: SyncReport,
  projectStatusOf: ProjectStatusOf | undefined,
): StatusReport {
  const { plan } = changeSet;
  const issues = changeSet.remote.issues;
  const children = new Map<string, PlanItem[]>();
  for (const item of plan.items) {
    if (item.parent !== undefined) children.set(item.parent, [...(children.get(item.parent) ?? []), item]);
  }
  const isClosed = (id: string) => issues.get(id)?.state === 'closed';

  const items = plan.items.map((item): StatusItem => {
    const issue = issues.get(item.id);
    const kids = children.get(item.id) ?? [];
    const closedKids = kids.filter((kid) => isClosed(kid.id)).length;
    const blockedBy = item.dependsOn.filter((id) => !isClosed(id));
    const projectStatus = projectStatusOf && issue ? projectStatusOf(issue.id) : null;
    return {
      id: item.id,
      kind: item.kind,
      title: item.title,
      parent: item.parent ?? null,
      number: issue?.number ?? null,
      url: issue?.url ?? null,
      state: issue ? issue.state : 'not created',
      stateReason: issue?.stateReason ?? null,
      assignees: issue?.assignees ?? [],
      ...(projectStatusOf ? { projectStatus } : {}),
      progress: progressOf(issue, blockedBy, closedKids, projectStatus),
      dependsOn: item.dependsOn,
      blockedBy: issue?.state === 'closed' ? [] : blockedBy,
      ...(item.kind === 'task' ? {} : { rollup: { closed: closedKids, total: kids.length } }),
    };
  });
  const count = (progress: Progress) => items.filter((item) => item.progress === progress).length;
  return {
    plan: plan.id,
    repo: dryRun.repo,
    items,
    totals: {
      items: items.length,
      done: count('done'),
      blocked: count('blocked'),
      inProgress: count('in progress'),
      todo: count('todo'),
      notCreated: count('not created'),
    },
    drift: driftOf(changeSet, dryRun),
    warnings: dryRun.warnings,
    requests: dryRun.requests,
    exitCode: 0,
  };
}

/**
 * Closed is done, whatever the reason (the reason is shown beside it). An open item held up by a `depends_on` item
 * that is not closed is blocked. Someone assigned, a child closed, or a board Status that says "progress" means work
 * has started.
 */
function progressOf(
  issue: RemoteIssue | undefined,
  blockedBy: readonly string[],
  closedChildren: number,
  projectStatus: string | null,
): Progress {
  if (!issue) return 'not created';
  if (issue.state === 'closed') return 'done';
  if (blockedBy.length > 0) return 'blocked';
  const started = issue.assignees.length > 0 || closedChildren > 0 || /progress/i.test(projectStatus ?? '');
  return started ? 'in progress' : 'todo';
}

function driftOf(changeSet: ChangeSet, dryRun: SyncReport): StatusDrift {
  const updated = dryRun.items.filter((item) => item.action === 'updated');
  return {
    inSync: !changeSet.needsWrites,
    toCreate: dryRun.items.filter((item) => item.action === 'created').length,
    toUpdate: updated.length,
    linksToAdd: dryRun.relations.added.length,
    linksToRemove: dryRun.relations.removed.length,
    labelsToCreate: dryRun.labelsCreated.length,
    milestonesToCreate: dryRun.milestonesCreated.length,
    ...(dryRun.project
      ? { project: { toAdd: dryRun.project.itemsAdded.length, toUpdate: dryRun.project.itemsUpdated.length } }
      : {}),
    notCreated: changeSet.plan.items.filter((item) => !changeSet.remote.issues.has(item.id)).map((item) => item.id),
    updates: updated.map((item) => ({ id: item.id, number: item.number, changes: item.changes })),
    orphans: changeSet.remote.orphans.map(({ id, issue }) => ({
      id,
      number: issue.number,
      url: issue.url,
      state: issue.state,
    })),
  };
}
