/**
 * The answers the engine relies on are checked before they are read: a 200 that is not what GitHub documents (a
 * proxy's page, a list answered with an object, a changed API) stops the run before any write (exit 3) instead of
 * reading as "nothing there", which would make planpilot create or change what already exists.
 */
import { UnexpectedAnswerError } from '../errors.js';

// biome-ignore lint/suspicious/noExplicitAny: the caller's check narrows each entry.
type Raw = any;

/** Every entry of a listing has the keys the engine reads, with the documented types. */
export function checkedEntries<T>(what: string, entries: unknown, keys: Record<string, 'string' | 'number'>): T[] {
  if (!Array.isArray(entries)) throw new UnexpectedAnswerError(what, entries);
  for (const entry of entries as Raw[]) checkedObject(what, entry, keys);
  return entries as T[];
}

export function checkedObject<T>(what: string, value: unknown, keys: Record<string, 'string' | 'number'>): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnexpectedAnswerError(what, value);
  for (const [key, type] of Object.entries(keys)) {
    if (typeof (value as Raw)[key] !== type) throw new UnexpectedAnswerError(what, value);
  }
  return value as T;
}
