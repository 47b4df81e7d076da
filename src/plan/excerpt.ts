/**
 * How much of the plan's source an error may quote. A file that was never meant to be a plan (a credentials file, a
 * config) can hold a token, and errors reach terminals, CI logs, annotations and job summaries: a plan error quotes
 * at most EXCERPT_MAX characters of the source, cut with an ellipsis: fewer than any GitHub token has (`ghp_…` and
 * `ghs_…` are 40, `github_pat_…` 93), so no error prints a whole one.
 */
import type { YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

export const EXCERPT_MAX = 32;

/** At most EXCERPT_MAX characters: the text, or its start and an ellipsis. */
export function excerpt(text: string): string {
  return text.length <= EXCERPT_MAX ? text : `${text.slice(0, EXCERPT_MAX - 1)}…`;
}

/** The source at `offset`, to the end of its line, as a short quoted excerpt; or where it stands when nothing is. */
export function sourceExcerptAt(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  const rest = text.slice(offset, end === -1 ? undefined : end).replace(/\r$/, '');
  return rest.trim() === ''
    ? end === -1
      ? 'at the end of the file'
      : 'at the end of the line'
    : `near ${JSON.stringify(excerpt(rest))}`;
}

/** Messages of the `yaml` package that end with source text (`Unknown directive %…`, an alias's name, …). */
const ENDS_WITH_SOURCE =
  /^(Unsupported YAML version|Unknown directive|Invalid escape sequence|Plain value cannot start with|Unresolved plain scalar|Verbatim tags aren't resolved|Could not resolve tag|Not a valid tag|Unresolved tag|Unresolved alias|Ordered maps must not include duplicate keys|Block scalar header includes extra characters)\b/;

/**
 * yaml's wording of a problem without the source text it quotes: its messages interpolate the source after a colon
 * (`Unexpected scalar token in YAML stream: "…"`), at their end (ENDS_WITH_SOURCE) or, rarely, as one word inside;
 * the excerpt planpilot adds says where the problem stands.
 */
export function yamlWording(error: Pick<YAMLError, 'message'> | Error): string {
  const first = (error.message.split('\n')[0] ?? '')
    .replace(/ at line \d+, column \d+.*$/, '')
    .replace('"quote', 'quote');
  const known = ENDS_WITH_SOURCE.exec(first);
  let words = known ? known[1]! : first;
  const quoted = words.search(/: |["'`]/);
  if (quoted > 0) words = words.slice(0, quoted);
  // A word of yaml's own vocabulary is short; a long one came from the source.
  return words
    .split(' ')
    .map((word) => (word.length > 20 ? '…' : word))
    .join(' ')
    .slice(0, 80);
}

/** Every quoted value and every part of the path, bounded: the validation messages quote the plan's values. */
export function boundDiagnostic(d: Diagnostic): Diagnostic {
  return {
    ...d,
    message: d.message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) =>
      inner.length <= EXCERPT_MAX ? whole : `"${excerpt(inner)}"`,
    ),
    path: d.path
      .split('.')
      .map((part) => excerpt(part))
      .join('.'),
  };
}
