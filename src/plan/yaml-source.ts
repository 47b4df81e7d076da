/** The plan file as a YAML document that remembers where every value stands, so problems name a line and column. */
import { isMap, isScalar, LineCounter, type Node, Parser, parseDocument } from 'yaml';
import { type Diagnostic, formatPath } from './diagnostics.js';
import { sourceExcerptAt, yamlWording } from './excerpt.js';

/** Aliases beyond this are an alias bomb, not a plan. */
const MAX_ALIAS_COUNT = 200;
/** Deeper than any plan needs; deeper input is refused before the parser can recurse on it. */
const MAX_DEPTH = 64;

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  file: string;
  value: unknown;
  /** Line and column of the value at `path`, or of its key when `key` is true. Falls back to the nearest parent. */
  locate(path: YamlPath, options?: { key?: boolean }): { line: number; column: number };
  diagnostic(path: YamlPath, message: string, options?: { key?: boolean }): Diagnostic;
}

export function parseYamlSource(text: string, file: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    return {
      diagnostics: [
        { file, ...at(tooDeep), path: '', message: `nesting deeper than ${MAX_DEPTH} levels; a plan never needs this` },
      ],
    };
  }
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    // yaml reports an unclosed quote where the file ends: point at the quote that opened it, and say where it ends.
    const opened = error.code === 'MISSING_CHAR' ? quotedScalarAround(text, error.pos[0]) : undefined;
    if (opened !== undefined) {
      const end = at(error.pos[0]);
      return {
        file,
        ...at(opened),
        path: '',
        message:
          `YAML syntax: this quoted string is never closed (it runs to line ${end.line}, column ${end.column}) ` +
          sourceExcerptAt(text, opened),
      };
    }
    return {
      file,
      ...at(error.pos[0]),
      path: '',
      message: `YAML syntax: ${yamlWording(error)} ${sourceExcerptAt(text, error.pos[0])}`,
    };
  });
  if (diagnostics.length > 0) return { diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? yamlWording(error) : 'an unreadable document';
    return {
      diagnostics: [{ file, line: 1, column: 1, path: '', message: `YAML could not be loaded: ${message}` }],
    };
  }

  const locate = (path: YamlPath, options: { key?: boolean } = {}) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = nodeAt(
        doc.contents as Node | null,
        path.slice(0, depth),
        options.key === true && depth === path.length,
      );
      if (node?.range) return at(node.range[0]);
    }
    return { line: 1, column: 1 };
  };
  const source: YamlSource = {
    file,
    value,
    locate,
    diagnostic: (path, message, options) => ({ file, ...locate(path, options), path: formatPath(path), message }),
  };
  return { source, diagnostics: [] };
}

function nodeAt(root: Node | null, path: YamlPath, wantKey: boolean): Node | undefined {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const items = (node as { items: unknown[] }).items;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) return undefined;
        if (wantKey && i === path.length - 1) return pair.key as Node;
        node = pair.value;
      } else {
        node = items[Number(part)];
      }
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

/**
 * Flow collections (`[[[[...`) nest without indentation; count brackets outside quoted scalars so a hostile file is
 * refused in linear time. Block nesting needs indentation, which the file size limit bounds.
 */
function findExcessiveNesting(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) comment = true;
    else if (c === '"' || (c === "'" && /[\s[{,:]/.test(text[i - 1] ?? ' '))) quote = c;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > MAX_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** The start of the quoted scalar that runs over `offset` (yaml's concrete syntax tree), if there is one. */
function quotedScalarAround(text: string, offset: number): number | undefined {
  let start: number | undefined;
  const visit = (node: unknown): void => {
    if (start !== undefined || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (
      (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') &&
      typeof token.offset === 'number' &&
      typeof token.source === 'string' &&
      token.offset <= offset &&
      offset <= token.offset + token.source.length
    ) {
      start = token.offset;
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'source') visit(value);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return start;
}
