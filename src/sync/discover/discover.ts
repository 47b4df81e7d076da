/**
 * Discovery: everything the diff needs to know about GitHub, read in parallel and only where the issue objects have
 * not already told: this plan's issues (and duplicates, orphans, unmarked ones), the links among them, issue types
 * or their fallback labels, the labels and milestones the plan needs, and the project's fields and items.
 */

import { UsageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { RemoteIssue } from '../../github/api.js';
import type { ProjectItem } from '../../github/projects-api.js';
import type { Plan } from '../../plan/index.js';
import { parseBody } from '../body/body.js';
import { desiredLabels, uniqueIgnoringCase } from '../diff/item-diff.js';
import { type ResolvedValue, resolveProjectValues } from '../diff/project-diff.js';
import { projectAccessMessage, SyncError, statusOf } from '../errors.js';
import { classifyIssues, type Duplicate } from './classify.js';
import { type CurrentLinks, readLinks } from './links.js';
import { readParentsThroughGraphQL } from './parents.js';
import { adoptIssues } from './recorded.js';
import type { RemoteReader } from './remote.js';
import { detectPlanRename, planRenameMessage } from './renames.js';
import { resolveTyping, type Typing } from './typing.js';

export interface RemoteState {
  /** This plan's issue of each item id, orphans and adopted issues included. */
  issues: Map<string, RemoteIssue>;
  orphans: { id: string; issue: RemoteIssue }[];
  /** Issues of one item beyond the kept one; those with a `conflict` are reported and left alone. */
  duplicates: Duplicate[];
  /** Every labelled issue by number, this plan's and others'. */
  labelled: Map<number, RemoteIssue>;
  links: CurrentLinks;
  typing: Typing;
  /** Milestone numbers by title, as far as known; the plan's titles GitHub lacks. */
  milestones: Map<string, number>;
  missingMilestones: string[];
  /** Labels the plan needs that the repository lacks. */
  missingLabels: string[];
  /** The plan's project: resolved values by item id (undefined offline) and its items by issue id. */
  project?: { resolved: Map<string, ResolvedValue[]> | undefined; items: Map<number, ProjectItem> };
}

export interface DiscoverOptions {
  label: string;
  /** Take this plan's issues found under another label (the managed label was changed) and label them. */
  relabel: boolean;
  /** This plan is not a rename of another plan whose item ids and titles it shares: create its own issues. */
  separatePlan: boolean;
  warn: (message: string) => void;
  /** Turns a first failed read into an actionable error (e.g. the repository is unknown). */
  accessError: (error: unknown) => Error | undefined;
}

export async function discover(plan: Plan, remote: RemoteReader, options: DiscoverOptions): Promise<RemoteState> {
  let listed: RemoteIssue[];
  try {
    listed = await remote.listManagedIssues(options.label);
  } catch (error) {
    throw options.accessError(error) ?? error;
  }
  const classified = classifyIssues(await withUnlabelledIssues(plan, listed, remote, options), plan);
  for (const note of classified.notes) options.warn(note);
  const rename = options.separatePlan ? undefined : detectPlanRename(plan, classified.otherPlans, classified.byItem);
  if (rename) throw new UsageError(planRenameMessage(plan, rename, options.label));
  await readParentsThroughGraphQL(remote, [
    ...classified.byItem.values(),
    ...classified.duplicates.map((d) => d.extra),
    ...classified.unmarked,
    ...[...classified.otherPlans.values()].flatMap((issues) => [...issues.values()]),
  ]);
  const planIds = new Set(plan.items.map((item) => item.id));
  // Issues the plan names by number (`issue:`, from `planpilot import`), then unmarked ones on evidence.
  const adopted = await adoptIssues(plan, classified, remote, options.warn);
  const issues = new Map<string, RemoteIssue>([...classified.byItem, ...adopted]);
  const orphans = [...classified.byItem].filter(([id]) => !planIds.has(id)).map(([id, issue]) => ({ id, issue }));

  // Labels and milestones already seen on issues need no listing. The reads below go out together.
  const labelled = [...classified.labelled.values()];
  const seenLabels = new Set(labelled.flatMap((issue) => issue.labels.map((l) => l.toLowerCase())));
  const planLabels = uniqueIgnoringCase([options.label, ...plan.items.flatMap((item) => item.labels)]);
  const labelList = planLabels.some((name) => !seenLabels.has(name.toLowerCase())) ? remote.listLabels() : undefined;
  labelList?.catch(() => undefined); // Awaited below; this keeps an early failure from going unhandled meanwhile.
  const seenMilestones = new Map<string, number>();
  for (const issue of labelled) if (issue.milestone) seenMilestones.set(issue.milestone.title, issue.milestone.number);
  const neededMilestones = plan.items.flatMap((item) => (item.milestone === undefined ? [] : [item.milestone]));

  const [typing, milestones, links, project] = await Promise.all([
    resolveTyping(plan, issues, remote, options.warn),
    readMilestones(neededMilestones, seenMilestones, remote),
    readLinks(plan, issues, remote),
    readProject(plan, issues, remote, options.warn),
  ]);
  const neededLabels = uniqueIgnoringCase(
    plan.items.flatMap((item) => desiredLabels(item, { managedLabel: options.label, typing })),
  );
  const unseen = neededLabels.filter((name) => !seenLabels.has(name.toLowerCase()));
  const existing = new Set(
    (unseen.length > 0 ? await (labelList ?? remote.listLabels()) : []).map((name) => name.toLowerCase()),
  );
  return {
    issues,
    orphans,
    duplicates: classified.duplicates,
    labelled: classified.labelled,
    links,
    typing,
    milestones: milestones.numbers,
    missingMilestones: milestones.missing,
    missingLabels: unseen.filter((name) => !existing.has(name.toLowerCase())),
    ...(project ? { project } : {}),
  };
}

/**
 * Before creating anything, make sure it does not exist: a person may have removed the managed label from one of
 * our issues, or deleted the label from the repository (which takes it off every issue). When some item has no
 * labelled issue, the repository's issues are listed once and those carrying this plan's marker are ours again; the
 * diff then puts the label back. An unchanged re-run has nothing to create and reads nothing more.
 *
 * When none of the plan's issues has the label and all those found share another label the plan does not ask for,
 * the managed label was most likely changed (`--label`): that stops the run, unless `relabel` says to move them.
 */
async function withUnlabelledIssues(
  plan: Plan,
  labelled: RemoteIssue[],
  remote: RemoteReader,
  options: DiscoverOptions,
): Promise<RemoteIssue[]> {
  const knownPlans = new Set([plan.id, ...plan.previousIds]);
  const isOurs = (issue: RemoteIssue) => parseBody(issue.body).identities.some((m) => knownPlans.has(m.plan));
  const found = new Set<string>();
  for (const issue of labelled) {
    for (const marker of parseBody(issue.body).identities) if (knownPlans.has(marker.plan)) found.add(marker.item);
  }
  if (plan.items.every((item) => found.has(item.id) || item.previousIds.some((id) => found.has(id)))) return labelled;
  const labelledNumbers = new Set(labelled.map((issue) => issue.number));
  const unlabelled = (await remote.listAllIssues()).filter(
    (issue) => !labelledNumbers.has(issue.number) && isOurs(issue),
  );
  if (unlabelled.length === 0) return labelled;
  const numbers = unlabelled.map((issue) => `#${issue.number}`);
  const shown = numbers.length > 8 ? `${numbers.slice(0, 8).join(', ')}, …` : numbers.join(', ');
  const previousLabel = labelled.some(isOurs) ? undefined : sharedOtherLabel(plan, unlabelled, options.label);
  if (previousLabel !== undefined && !options.relabel) {
    throw new UsageError(
      `${unlabelled.length} issue(s) of plan "${plan.id}" carry its markers under the label "${previousLabel}", ` +
        `and none under "${options.label}" (${shown}): was the managed label changed? Pass --label ` +
        `"${previousLabel}" to keep it, or --relabel to move them under "${options.label}" (the label ` +
        `"${previousLabel}" stays on them until you remove it). Nothing was changed.`,
    );
  }
  options.warn(
    previousLabel !== undefined
      ? `${unlabelled.length} issue(s) of plan "${plan.id}" found under the label "${previousLabel}" (${shown}) ` +
          `are moved under "${options.label}" (--relabel).`
      : `${unlabelled.length} issue(s) of plan "${plan.id}" had lost the label "${options.label}" (${shown}); ` +
          "their markers say they are this plan's, so they are kept and the label is put back.",
  );
  return [...labelled, ...unlabelled];
}

/** A label every one of these issues has that the plan does not put on them: the managed label they were given. */
function sharedOtherLabel(plan: Plan, issues: readonly RemoteIssue[], managed: string): string | undefined {
  // The managed label itself is no other label: a concurrent run's issues, made after the first listing, carry it.
  const planLabels = new Set([managed, ...plan.items.flatMap((item) => item.labels)].map((name) => name.toLowerCase()));
  const [first, ...rest] = issues;
  const shared = (first?.labels ?? []).filter(
    (name) =>
      !planLabels.has(name.toLowerCase()) &&
      !name.toLowerCase().startsWith('type:') &&
      rest.every((issue) => issue.labels.some((other) => other.toLowerCase() === name.toLowerCase())),
  );
  return shared[0];
}

async function readMilestones(
  needed: readonly string[],
  seen: ReadonlyMap<string, number>,
  remote: RemoteReader,
): Promise<{ numbers: Map<string, number>; missing: string[] }> {
  const numbers = new Map(seen);
  if (needed.some((title) => !numbers.has(title))) {
    for (const milestone of await remote.listMilestones()) numbers.set(milestone.title, milestone.number);
  }
  return { numbers, missing: [...new Set(needed.filter((title) => !numbers.has(title)))] };
}

/**
 * A 404 from the project is a wrong number as often as a token that cannot see it: when the owner's projects can be
 * listed and the number is not among them, say so (one more read, only after the 404).
 */
async function wrongProjectNumber(
  error: unknown,
  spec: NonNullable<Plan['project']>,
  remote: RemoteReader,
): Promise<SyncError | undefined> {
  if (statusOf(error) !== 404) return undefined;
  let visible: { number: number; title: string }[];
  try {
    visible = await remote.listOwnerProjects();
  } catch {
    return undefined; // The owner's projects cannot be listed either: the token's access is the likely cause.
  }
  if (visible.length === 0 || visible.some((p) => p.number === spec.number)) return undefined;
  const shown = visible
    .slice(0, 10)
    .map((p) => `${p.number}${p.title ? ` "${p.title}"` : ''}`)
    .join(', ');
  return new SyncError(
    `${spec.owner} has no project number ${spec.number} that this token can see (${spec.url}); its projects are ` +
      `${shown}${visible.length > 10 ? ', …' : ''}. Check the number in the plan's project: url. Nothing was changed.`,
    ExitCode.Auth,
  );
}

/**
 * The project's fields (every plan value is checked against them before any write), then, when the plan has issues
 * already, the project's items with the values of the plan-owned fields.
 */
async function readProject(
  plan: Plan,
  issues: ReadonlyMap<string, RemoteIssue>,
  remote: RemoteReader,
  warn: (message: string) => void,
): Promise<RemoteState['project']> {
  const spec = plan.project;
  if (!spec) {
    if (plan.items.some((item) => Object.keys(item.fields).length > 0 || item.estimate !== undefined)) {
      warn('some items give project fields or an estimate, but the plan has no project: section; they are ignored.');
    }
    return undefined;
  }
  const access = (error: unknown) => {
    if (error instanceof SyncError) return error;
    const message = projectAccessMessage(error, spec);
    return message ? new SyncError(message, ExitCode.Auth) : error;
  };
  const items = new Map<number, ProjectItem>();
  let fields: Awaited<ReturnType<RemoteReader['listProjectFields']>>;
  try {
    fields = await remote.listProjectFields();
  } catch (error) {
    throw (await wrongProjectNumber(error, spec, remote)) ?? access(error);
  }
  if (fields === undefined) return { resolved: undefined, items };
  const resolved = resolveProjectValues(plan, fields);
  if (plan.items.some((item) => issues.has(item.id))) {
    const fieldIds = [...new Set([...resolved.values()].flatMap((values) => values.map((v) => v.fieldId)))];
    try {
      for (const item of await remote.listProjectItems(fieldIds)) {
        if (item.issueId !== undefined) items.set(item.issueId, item);
      }
    } catch (error) {
      throw access(error);
    }
  }
  return { resolved, items };
}
