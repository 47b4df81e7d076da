/**
 * An issue body is people's text around one managed section that planpilot owns:
 *
 *   <!-- planpilot:begin plan=PLAN item=ITEM hash=HASH -->
 *   ...what the plan says...
 *   <!-- planpilot:end -->
 *
 * The begin marker carries the item's identity and a hash of what planpilot last wrote (the identity and the
 * content, so an edit of the marker itself shows too), so an edit inside the section is told apart from a change of
 * the plan. Text above and below the section is never touched. A body may hold more than one begin marker (a person
 * pasted another issue's text): every one is listed, and the caller says which identity it is looking for.
 */
import { createHash } from 'node:crypto';

export interface Identity {
  plan: string;
  item: string;
}

export interface ParsedBody {
  /** The identity of the section read: the first preferred one, else the first begin marker's. */
  identity?: Identity;
  /** Every begin marker's identity, in body order: more than one makes the body ambiguous. */
  identities: Identity[];
  /** People's text before the section (kept as is, with its trailing newlines). */
  before: string;
  /** People's text after the section (kept as is, with its leading newline). */
  after: string;
  /** The managed section, when both markers are there. */
  section?: { content: string; hash: string };
  markers: 'intact' | 'missing' | 'broken';
}

const BEGIN = /^<!-- planpilot:begin plan=([a-z0-9-]+) item=([A-Za-z0-9._-]+) hash=([0-9a-f]+) -->$/gm;
const END_LINE = '<!-- planpilot:end -->';

/** GitHub may turn CRLF into LF; compare and hash bodies only in this form. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Reads the section of the first begin marker whose identity `prefer` accepts, or of the first begin marker. Which
 * identity a body with markers of two items has is the classifier's call (see classify.ts).
 */
export function parseBody(rawBody: string | null | undefined, prefer?: (identity: Identity) => boolean): ParsedBody {
  const body = normalizeNewlines(rawBody ?? '');
  const begins = [...body.matchAll(BEGIN)];
  const identities = begins.map((m) => ({ plan: m[1]!, item: m[2]! }));
  if (begins.length === 0) return { identities, before: body, after: '', markers: 'missing' };
  const preferred = prefer ? begins.filter((_, i) => prefer(identities[i]!)) : [];
  const begin = (preferred.length > 0 ? preferred : begins)[0]!;
  const identity = { plan: begin[1]!, item: begin[2]! };
  const contentStart = begin.index + begin[0].length + 1;
  const endAt = body.indexOf(`\n${END_LINE}`, begin.index + begin[0].length);
  if (endAt === -1 || !isLineEnd(body, endAt + 1 + END_LINE.length)) {
    // The end marker is gone: keep every word as people's text, minus the stale begin marker.
    const rest = body.slice(begin.index + begin[0].length).replace(/^\n/, '');
    return { identity, identities, before: body.slice(0, begin.index) + rest, after: '', markers: 'broken' };
  }
  return {
    identity,
    identities,
    before: body.slice(0, begin.index),
    after: body.slice(endAt + 1 + END_LINE.length),
    section: { content: contentStart > endAt ? '' : body.slice(contentStart, endAt), hash: begin[3]! },
    markers: 'intact',
  };
}

function isLineEnd(text: string, index: number): boolean {
  return index === text.length || text[index] === '\n';
}

/**
 * Hash of a section's content, blind to checkbox state: ticking a box is not an edit of the plan's text. With an
 * identity (what planpilot writes since 0.2), the identity is hashed too, so a person's edit of the marker shows.
 */
export function sectionHash(content: string, identity?: Identity): string {
  const normalized = normalizeNewlines(content).replace(/^([ \t]*[-*+] )\[[xX]\]/gm, '$1[ ]');
  const hashed = identity ? `${identity.plan}/${identity.item}\n${normalized}` : normalized;
  return createHash('sha256').update(hashed).digest('hex').slice(0, 12);
}

/**
 * Whether a section is as planpilot wrote it under this identity: `exact` when the hash covers the identity,
 * `legacy` for a hash of the content alone (written before identities were hashed; it cannot vouch for the marker).
 */
export function sectionIntegrity(
  section: { content: string; hash: string },
  identity: Identity,
): 'exact' | 'legacy' | 'edited' {
  if (section.hash === sectionHash(section.content, identity)) return 'exact';
  return section.hash === sectionHash(section.content) ? 'legacy' : 'edited';
}

export function composeBody(identity: Identity, content: string, before = '', after = ''): string {
  const begin = `<!-- planpilot:begin plan=${identity.plan} item=${identity.item} hash=${sectionHash(content, identity)} -->`;
  return `${before}${begin}\n${content}\n${END_LINE}${after}`;
}

/** Text from the plan must never look like planpilot's own markers, here or in another issue. */
export function neutralizeMarkers(text: string): string {
  return text.replace(/<!--(\s*)planpilot:/gi, '<!--$1planpilot (quoted):');
}

/** Keeps the boxes a person ticked, on lines the plan did not change. */
export function carryCheckboxes(desired: string, current: string | undefined): string {
  if (!current) return desired;
  // Line (with its box cleared) → the tick as the person typed it, `x` or `X`, so an unchanged body stays byte-equal.
  const ticked = new Map<string, string>();
  for (const match of current.matchAll(/^([ \t]*[-*+] )\[([xX])\](.*)$/gm))
    ticked.set(`${match[1]}${match[3]}`, match[2]!);
  if (ticked.size === 0) return desired;
  return desired.replace(/^([ \t]*[-*+] )\[ \](.*)$/gm, (line, bullet: string, rest: string) => {
    const tick = ticked.get(`${bullet}${rest}`);
    return tick ? `${bullet}[${tick}]${rest}` : line;
  });
}
