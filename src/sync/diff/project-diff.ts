/**
 * Projects v2: which managed issues to add to the plan's project and which field values to set. Pure planning over
 * the project's fields and items (resolveProjectValues, planProjectChanges); the writes are in execute/project-writes.
 *
 * Plan-owned fields are only the ones the plan names (item `fields`, project defaults, and `estimate` through
 * `estimate_field`); values of other fields are never read into a decision nor written.
 */
import { ExitCode } from '../../exit-codes.js';
import type { ProjectField, ProjectItem, ProjectValue } from '../../github/projects-api.js';
import type { FieldValue, Plan, PlanItem, ProjectSpec } from '../../plan/index.js';
import { SyncError } from '../errors.js';

/** One plan-owned value, resolved against the project: what the update sends and compares. */
export interface ResolvedValue {
  fieldId: number;
  /** The field's name as the project spells it. */
  field: string;
  /** What the REST update takes: the text, number or date, or the option's or iteration's id. */
  value: ProjectValue;
  /** As a person reads it: the option's name, the iteration's title, or the value. */
  display: string | number;
}

export interface ProjectChange {
  itemId: string;
  /** The issue is not in the project yet (or not known to be). */
  add: boolean;
  /** Values to write in one update; empty when every plan-owned value already matches. */
  set: ResolvedValue[];
}

const SETTABLE = new Set(['text', 'number', 'date', 'single_select', 'iteration']);
const DAY_MS = 86_400_000;
export const CURRENT_ITERATION = '@current';

/** The plan's values of one item by field name: the item's fields, and the estimate under `estimate_field`. */
export function plannedValues(
  item: PlanItem,
  project: ProjectSpec,
): { name: string; value: FieldValue; estimate: boolean }[] {
  const values = Object.entries(item.fields).map(([name, value]) => ({ name, value, estimate: false }));
  if (item.estimate !== undefined) {
    values.push({ name: project.estimateField ?? 'estimate', value: item.estimate, estimate: true });
  }
  return values;
}

/** The value of an iteration field whose iteration runs today (UTC), or undefined. */
function currentIteration(field: ProjectField, today: string): ProjectField['iterations'][number] | undefined {
  const now = Date.parse(today);
  return field.iterations.find((iteration) => {
    const start = Date.parse(iteration.startDate);
    return start <= now && now < start + iteration.duration * DAY_MS;
  });
}

const quoted = (names: readonly string[]) => (names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : '(none)');

/**
 * Resolves every item's plan values against the project's fields. All problems are collected and thrown together
 * as one SyncError (exit 2) naming the valid fields or options, before anything is written.
 */
export function resolveProjectValues(
  plan: Plan,
  fields: readonly ProjectField[],
  today: string = new Date().toISOString().slice(0, 10),
): Map<string, ResolvedValue[]> {
  const project = plan.project;
  const resolved = new Map<string, ResolvedValue[]>();
  if (!project) return resolved;
  const problems = new Map<string, string[]>();
  const problem = (message: string, itemId: string) =>
    problems.set(message, [...(problems.get(message) ?? []), itemId]);
  const settable = fields.filter((field) => SETTABLE.has(field.type));
  const byName = (name: string) => fields.find((field) => field.name.toLowerCase() === name.toLowerCase());

  for (const item of plan.items) {
    const values = new Map<number, ResolvedValue>();
    for (const { name, value: raw, estimate: isEstimate } of plannedValues(item, project)) {
      if (isEstimate && project.estimateField === undefined) {
        problem(
          'an item has an estimate but the project has no estimate_field: name the number or single-select field it goes to',
          item.id,
        );
        continue;
      }
      const field = byName(name);
      if (!field) {
        problem(`the project has no field "${name}"; its fields: ${quoted(settable.map((f) => f.name))}`, item.id);
        continue;
      }
      if (!SETTABLE.has(field.type)) {
        problem(
          `field "${field.name}" (${field.type}) is not set through the project; settable fields: ${quoted(settable.map((f) => f.name))}`,
          item.id,
        );
        continue;
      }
      if (isEstimate && field.type !== 'number' && field.type !== 'single_select') {
        problem(
          `estimate_field "${field.name}" is a ${field.type} field; it must be a number or single-select field`,
          item.id,
        );
        continue;
      }
      const value = resolveValue(field, raw, today);
      if (typeof value === 'string') {
        problem(value, item.id);
        continue;
      }
      values.set(field.id, value);
    }
    resolved.set(item.id, [...values.values()]);
  }

  if (problems.size > 0) {
    const lines = [...problems].map(([message, ids]) => {
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, and ${ids.length - 5} more` : '');
      return `  - ${message} (${ids.length === 1 ? 'item' : 'items'} ${shown})`;
    });
    throw new SyncError(
      `The plan's project values do not fit project ${project.url}; nothing was changed on GitHub:\n${lines.join('\n')}`,
      ExitCode.Usage,
    );
  }
  return resolved;
}

/** A resolved value, or a message saying what is wrong and what is valid. */
function resolveValue(field: ProjectField, raw: FieldValue, today: string): ResolvedValue | string {
  const make = (value: ProjectValue, display: string | number): ResolvedValue => ({
    fieldId: field.id,
    field: field.name,
    value,
    display,
  });
  const given = String(raw);
  switch (field.type) {
    case 'single_select': {
      const option = field.options.find((o) => o.name.toLowerCase() === given.trim().toLowerCase());
      if (option) return make(option.id, option.name);
      return `"${given}" is not an option of "${field.name}"; its options: ${quoted(field.options.map((o) => o.name))}`;
    }
    case 'iteration': {
      const iteration =
        given.trim().toLowerCase() === CURRENT_ITERATION
          ? currentIteration(field, today)
          : field.iterations.find((i) => i.title.toLowerCase() === given.trim().toLowerCase());
      if (iteration) return make(iteration.id, iteration.title);
      const titles = quoted(field.iterations.map((i) => i.title));
      return given.trim().toLowerCase() === CURRENT_ITERATION
        ? `"${field.name}" has no iteration running on ${today}; its iterations: ${titles}`
        : `"${given}" is not an iteration of "${field.name}"; its iterations: ${titles} (or ${CURRENT_ITERATION})`;
    }
    case 'number': {
      const number = typeof raw === 'number' ? raw : given.trim() === '' ? Number.NaN : Number(given);
      if (Number.isFinite(number)) return make(number, number);
      return `"${given}" is not a number, as "${field.name}" needs`;
    }
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(given.trim());
      const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
      if (date && date.toISOString().slice(0, 10) === given.trim()) return make(given.trim(), given.trim());
      return `"${given}" is not a date (YYYY-MM-DD), as "${field.name}" needs`;
    }
    default:
      return make(given, given);
  }
}

/** The values that differ from the item's current ones (all of them when the issue is not an item yet). */
export function differingValues(desired: readonly ResolvedValue[], item: ProjectItem | undefined): ResolvedValue[] {
  if (!item) return [...desired];
  return desired.filter((value) => {
    const current = item.values.get(value.fieldId);
    return current === undefined || !sameValue(current, value.value);
  });
}

function sameValue(current: ProjectValue, desired: ProjectValue): boolean {
  if (typeof desired === 'number') return Number(current) === desired;
  return String(current) === desired;
}

/**
 * Per issue of the plan: add it when it is not an item (or not known to be one), and set what differs. Items whose
 * issue is not known are left out (they were not created). Unchanged ones are left out too.
 */
export function planProjectChanges(
  plan: Plan,
  issueIdOf: (itemId: string) => number | undefined,
  itemsByIssue: ReadonlyMap<number, ProjectItem>,
  resolved: ReadonlyMap<string, readonly ResolvedValue[]>,
): ProjectChange[] {
  const changes: ProjectChange[] = [];
  for (const item of plan.items) {
    const issueId = issueIdOf(item.id);
    if (issueId === undefined) continue;
    const existing = itemsByIssue.get(issueId);
    const set = differingValues(resolved.get(item.id) ?? [], existing);
    if (!existing || set.length > 0) changes.push({ itemId: item.id, add: !existing, set });
  }
  return changes;
}

/** Offline (no token), every item is added and gets every value the plan names, shown as the plan writes them. */
export function offlineProjectChanges(plan: Plan): ProjectChange[] {
  const project = plan.project;
  if (!project) return [];
  return plan.items.map((item) => ({
    itemId: item.id,
    add: true,
    set: plannedValues(item, project).map(({ name, value }) => ({ fieldId: 0, field: name, value, display: value })),
  }));
}
