/** Checks the loaded YAML value against the plan schema and turns Ajv's errors into sentences with positions. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from './diagnostics.js';
import { PlanSchema } from './schema.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    ajv.addVocabulary(['x-hint']);
    compiled = ajv.compile(PlanSchema);
  }
  return compiled;
}

export function validateSchema(source: YamlSource): Diagnostic[] {
  const validate = validator();
  if (validate(source.value)) return [];
  return (validate.errors ?? []).map((error) => toDiagnostic(source, error));
}

/** Suggests the nearest allowed word when a typo is close enough to be one. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  const best = closest(word, candidates as string[]);
  const d = distance(word, best);
  return d < word.length && d <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function toDiagnostic(source: YamlSource, error: ErrorObject): Diagnostic {
  const path: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const at = (p: YamlPath, message: string, key = false) => source.diagnostic(p, message, { key });
  const name = nameOf(path, error.data);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parentSchema.properties as object | undefined) ?? {}).filter((k) => k !== '$schema');
      const hint = didYouMean(key, allowed) || `; allowed keys: ${allowed.join(', ')}`;
      return at([...path, key], `unknown key "${key}"${hint}`, true);
    }
    case 'required':
      return at(path, `missing required key "${String(params.missingProperty)}"`);
    case 'type':
      return at(path, `${name} must be ${describeType(params.type)}, not ${describeValue(error.data)}`);
    case 'const':
      return at(path, `${name} must be ${JSON.stringify(params.allowedValue)}`);
    case 'minLength':
      return at(path, `${name} must not be empty`);
    case 'maxLength':
      return at(
        path,
        `${name} is ${[...String(error.data)].length} characters long; GitHub's limit leaves room for ${String(params.limit)}`,
      );
    case 'maxItems':
      return at(path, `${name} has more than ${String(params.limit)} entries`);
    case 'pattern': {
      const hint =
        typeof parentSchema['x-hint'] === 'string' ? parentSchema['x-hint'] : `it must match ${params.pattern}`;
      return at(path, `invalid value ${JSON.stringify(error.data)}: ${hint}`);
    }
    default:
      return at(path, `${name} ${error.message ?? 'is invalid'}`);
  }
}

/** Entries of these lists are named by what they are and their value, not by their index. */
const ENTRY_NAMES: Record<string, string> = {
  labels: 'label',
  assignees: 'assignee',
  depends_on: 'dependency',
  previous_ids: 'previous id',
};

/** How a message names the value at `path`: `"title"`, or `label "…"` for an entry of a list, never `"0"`. */
function nameOf(path: readonly (string | number)[], data: unknown): string {
  if (path.length === 0) return 'the plan';
  const last = path[path.length - 1]!;
  if (typeof last !== 'number') return `"${last}"`;
  const list = path[path.length - 2];
  const what = (typeof list === 'string' && ENTRY_NAMES[list]) || `entry ${last + 1} of "${String(list)}"`;
  return typeof data === 'string' ? `${what} ${JSON.stringify(data)}` : what;
}

function describeType(type: unknown): string {
  const names = Array.isArray(type) ? type : [type];
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
  };
  return names.map((t) => words[String(t)] ?? String(t)).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null (empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
