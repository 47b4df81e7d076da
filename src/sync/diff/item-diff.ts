/**
 * Pure comparison of one plan item with its issue: what to send to create it, and which plan-owned fields differ.
 * Only plan-owned fields are compared; GitHub's actual values are the reference, so a person's edit to a plan-owned
 * field is put back and an unchanged item costs no write.
 */
import type { IssueFields, RemoteIssue } from '../../github/api.js';
import type { ItemKind, PlanItem } from '../../plan/index.js';
import { carryCheckboxes, composeBody, type Identity, parseBody, sectionIntegrity } from '../body/body.js';
import { type RenderContext, renderSection } from '../body/render.js';

export interface DesiredContext {
  planId: string;
  /** Ids the plan had before (`previous_ids`): their markers are this plan's too, rewritten on the next write. */
  previousPlanIds: readonly string[];
  managedLabel: string;
  /** How each kind is typed: an issue type by name, or a fallback label such as `type:epic`. */
  typing: (kind: ItemKind) => { type: string } | { label: string };
  /** Number of a milestone by title; undefined while it does not exist yet. */
  milestoneNumber: (title: string) => number | undefined;
  render: RenderContext;
}

export type BodyNote =
  | 'overwrote manual edit'
  | 'markers missing: appended a fresh section'
  | 'markers damaged: appended a fresh section';

export interface IssueDiff {
  /** Names of the plan-owned fields that differ, in a stable order. */
  changes: string[];
  patch: IssueFields;
  note?: BodyNote;
}

export function desiredLabels(item: PlanItem, context: Pick<DesiredContext, 'managedLabel' | 'typing'>): string[] {
  const typing = context.typing(item.kind);
  return uniqueIgnoringCase([context.managedLabel, ...item.labels, ...('label' in typing ? [typing.label] : [])]);
}

export function createFields(item: PlanItem, context: DesiredContext): IssueFields & { title: string } {
  const identity: Identity = { plan: context.planId, item: item.id };
  const fields: IssueFields & { title: string } = {
    title: item.title,
    body: composeBody(identity, renderSection(item, context.render)),
    labels: desiredLabels(item, context),
  };
  if (item.assignees) fields.assignees = item.assignees;
  if (item.milestone !== undefined) fields.milestone = context.milestoneNumber(item.milestone) ?? null;
  const typing = context.typing(item.kind);
  if ('type' in typing) fields.type = typing.type;
  return fields;
}

export function diffIssue(item: PlanItem, issue: RemoteIssue, context: DesiredContext): IssueDiff {
  const changes: string[] = [];
  const patch: IssueFields = {};
  if (issue.title !== item.title) {
    changes.push('title');
    patch.title = item.title;
  }

  const body = diffBody(item, issue, context);
  if (body.body !== undefined) {
    changes.push('body');
    patch.body = body.body;
  }

  const present = new Set(issue.labels.map((l) => l.toLowerCase()));
  const missing = desiredLabels(item, context).filter((l) => !present.has(l.toLowerCase()));
  if (missing.length > 0) {
    changes.push('labels');
    // Add, never remove: labels a person put on the issue stay.
    patch.labels = [...issue.labels, ...missing];
  }

  if (item.assignees && !sameSetIgnoringCase(item.assignees, issue.assignees)) {
    changes.push('assignees');
    patch.assignees = item.assignees;
  }
  if (item.milestone !== undefined && issue.milestone?.title !== item.milestone) {
    changes.push('milestone');
    patch.milestone = context.milestoneNumber(item.milestone) ?? null;
  }
  const typing = context.typing(item.kind);
  // Compared only where the server reports types: one that leaves them out would otherwise be written every run.
  if ('type' in typing && issue.type !== undefined && issue.type !== typing.type) {
    changes.push('type');
    patch.type = typing.type;
  }
  const diff: IssueDiff = { changes, patch };
  if (body.note) diff.note = body.note;
  return diff;
}

/** The body to write (undefined when GitHub's already matches), keeping people's text around the section. */
function diffBody(item: PlanItem, issue: RemoteIssue, context: DesiredContext): { body?: string; note?: BodyNote } {
  const identity: Identity = { plan: context.planId, item: item.id };
  const parsed = parseBody(issue.body, (marker) => ownsMarker(marker, item, context));
  const rendered = renderSection(item, context.render);
  if (parsed.markers === 'intact' && parsed.section && parsed.identity) {
    const current = parsed.section;
    const desired = carryCheckboxes(rendered, current.content);
    const sameIdentity = parsed.identity.plan === identity.plan && parsed.identity.item === identity.item;
    const integrity = sectionIntegrity(current, parsed.identity);
    // A hash written before identities were hashed still counts as unchanged: no rewrite of every issue on upgrade.
    if (current.content === desired && sameIdentity && integrity !== 'edited') return {};
    const body = composeBody(identity, desired, parsed.before, parsed.after);
    return integrity === 'edited' && current.content !== desired ? { body, note: 'overwrote manual edit' } : { body };
  }
  const kept = parsed.before.trimEnd();
  return {
    body: composeBody(identity, rendered, kept ? `${kept}\n\n` : ''),
    note:
      parsed.markers === 'broken'
        ? 'markers damaged: appended a fresh section'
        : 'markers missing: appended a fresh section',
  };
}

/** A marker of this item: this plan (or one it was renamed from) and this item (or an id it had before). */
export function ownsMarker(
  marker: Identity,
  item: Pick<PlanItem, 'id' | 'previousIds'>,
  context: Pick<DesiredContext, 'planId' | 'previousPlanIds'>,
): boolean {
  const plan = marker.plan === context.planId || context.previousPlanIds.includes(marker.plan);
  return plan && (marker.item === item.id || item.previousIds.includes(marker.item));
}

export function uniqueIgnoringCase(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
}

function sameSetIgnoringCase(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((v) => v.toLowerCase()));
  const right = new Set(b.map((v) => v.toLowerCase()));
  return left.size === right.size && [...left].every((v) => right.has(v));
}
