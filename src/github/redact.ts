/** Keeps tokens out of everything planpilot prints or rethrows, whatever GitHub or a proxy echoes back. */

const MASK = '[REDACTED]';
// Deep enough for a RequestError's request/response; bounded so a huge response body cannot stall error handling.
const MAX_DEPTH = 6;

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short "secrets" would mask ordinary words and make messages unreadable; real tokens are long.
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out;
}

/** A copy of plain data (a report) with every string redacted, at any depth; the original is left alone. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (current: unknown): unknown => {
    if (typeof current === 'string') return redactSecrets(current, secrets);
    if (Array.isArray(current)) return current.map(walk);
    if (typeof current !== 'object' || current === null) return current;
    return Object.fromEntries(
      Object.entries(current).map(([key, inner]) => [redactSecrets(key, secrets), walk(inner)]),
    );
  };
  return walk(value) as T;
}

/** Rewrites the error in place (message, stack, cause and every string it carries) and returns it. */
export function redactError<T>(error: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return error;
  redactValue(error, secrets, new WeakSet(), 0);
  return error;
}

function redactValue(value: unknown, secrets: readonly string[], seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (typeof value !== 'object' || value === null || seen.has(value) || depth > MAX_DEPTH) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  seen.add(value);
  const record = value as Record<string, unknown>;
  // message, stack and cause are own but not enumerable on Errors, so Object.keys alone would miss them.
  const keys = new Set(Object.keys(record));
  if (value instanceof Error) for (const key of ['message', 'stack', 'cause']) keys.add(key);
  for (const key of keys) {
    const current = record[key];
    const redacted = redactValue(current, secrets, seen, depth + 1);
    if (redacted === current) continue;
    try {
      record[key] = redacted;
    } catch {
      // A read-only property cannot be rewritten; the message and stack, which matter, are writable.
    }
  }
  return value;
}
