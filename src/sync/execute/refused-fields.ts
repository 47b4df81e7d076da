/**
 * GitHub applies an issue write whole or not at all: one refused field (an assignee who may not be assigned, a body
 * that people's text pushed past 65,536 characters) loses every other change to the item, on every run. Here a 422
 * is answered by sending the rest: without the fields GitHub's answer names, or, when it names none, each field on
 * its own (for a create: without the fields a create can do without; the enrichment then tries them one by one).
 * Each refused field is reported with GitHub's reason and the value.
 */
import type { IssueFields } from '../../github/api.js';
import { statusOf } from '../errors.js';

export interface Refusal {
  field: string;
  /** What was sent, as a person reads it (a long body by its length). */
  value: string;
  /** GitHub's words. */
  reason: string;
}

/** A create cannot go without these: they carry the item's identity and make it findable. */
const CREATE_NEEDS = new Set(['title', 'body', 'labels']);

export async function sendWithoutRefused<T>(
  kind: 'create' | 'update',
  fields: IssueFields,
  send: (fields: IssueFields) => Promise<T>,
): Promise<{ result: T | undefined; refused: Refusal[] }> {
  try {
    return { result: await send(fields), refused: [] };
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const named = refusedFields(error).filter((r) => r.field in fields);
    const droppable = (field: string) => kind === 'update' || !CREATE_NEEDS.has(field);
    if (named.length > 0 && named.every((r) => droppable(r.field))) {
      const rest = without(
        fields,
        named.map((r) => r.field),
      );
      const refused = named.map((r) => ({
        field: r.field,
        reason: r.reason,
        value: r.value ?? shown(r.field, fields),
      }));
      if (Object.keys(rest).length === 0) return { result: undefined, refused };
      const again = await sendWithoutRefused(kind, rest, send);
      return { result: again.result, refused: [...refused, ...again.refused] };
    }
    if (kind === 'create') {
      // Nothing named, or a field a create needs: try once with only what it needs; the rest waits for the enrichment.
      const optional = Object.keys(fields).filter(droppable);
      if (optional.length === 0 || named.length > 0) throw error;
      return { result: await send(without(fields, optional)), refused: [] };
    }
    const keys = Object.keys(fields) as (keyof IssueFields)[];
    if (keys.length <= 1) {
      const field = keys[0] ?? 'issue';
      return { result: undefined, refused: [{ field, value: shown(field, fields), reason: reasonOf(error) }] };
    }
    // Which field GitHub refused is not said: send each one alone.
    let result: T | undefined;
    const refused: Refusal[] = [];
    for (const key of keys) {
      const one = await sendWithoutRefused(kind, { [key]: fields[key] } as IssueFields, send);
      result = one.result ?? result;
      refused.push(...one.refused);
    }
    return { result, refused };
  }
}

function without(fields: IssueFields, drop: readonly string[]): IssueFields {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !drop.includes(key))) as IssueFields;
}

/** GitHub's `errors` entries of a 422 that name a field: `{resource, field, code, value?, message?}`. */
function refusedFields(error: unknown): { field: string; reason: string; value?: string }[] {
  const data = (error as { response?: { data?: { errors?: unknown } } }).response?.data;
  const entries = Array.isArray(data?.errors) ? data.errors : [];
  const fields = new Map<string, { field: string; reason: string; value?: string }>();
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { field, code, message, value } = entry as Record<string, unknown>;
    if (typeof field !== 'string') continue;
    const reason = [typeof message === 'string' ? message : undefined, typeof code === 'string' ? code : undefined]
      .filter(Boolean)
      .join(': ');
    // GitHub names the refused value (one login of several) in some answers; a long body is never echoed.
    const named = typeof value === 'string' && field !== 'body' && value.length <= 200 ? value : undefined;
    fields.set(field, { field, reason: reason || 'refused', ...(named !== undefined ? { value: named } : {}) });
  }
  return [...fields.values()];
}

function reasonOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
}

function shown(field: string, fields: IssueFields): string {
  const value = (fields as Record<string, unknown>)[field];
  if (field === 'body' && typeof value === 'string') return `(${value.length} characters)`;
  if (Array.isArray(value)) return value.join(', ');
  return value === null || value === undefined ? 'none' : String(value);
}
