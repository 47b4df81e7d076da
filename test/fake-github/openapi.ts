/**
 * Checks JSON against GitHub's OpenAPI description (@octokit/openapi, api.github.com): response bodies by
 * route and status, request bodies by route. OpenAPI 3.0's `nullable` becomes a JSON Schema type union, and
 * `oneOf` is read as `anyOf` because GitHub's alternatives overlap once null is allowed in several branches.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
type FormatsPlugin = (ajv: Ajv) => Ajv;

const SPEC_ID = 'https://fake-github.local/openapi.json';
const SKIPPED = new Set([
  'example',
  'examples',
  'description',
  'title',
  'externalDocs',
  'deprecated',
  'readOnly',
  'xml',
]);

export interface ValidationResult {
  valid: boolean;
  /** One line per problem: `instancePath message`. */
  errors: string[];
}

export interface RequestValidationResult extends ValidationResult {
  /** GitHub's wording for a 422: `Invalid request.\n\n...`. */
  message?: string;
}

let spec: Json | undefined;
let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction | null>();

function loadSpec(): Json {
  if (!spec) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
  }
  return spec;
}

function validatorFactory(): Ajv {
  if (!ajv) {
    const components = (loadSpec().components ?? {}) as Json;
    ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
    const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
      formatsModule) as unknown as FormatsPlugin;
    addFormats(ajv);
    for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'repo.nwo', 'ssh-key']) {
      ajv.addFormat(format, true);
    }
    ajv.addSchema({
      $id: SPEC_ID,
      components: { schemas: mapValues(components.schemas, (s) => toJsonSchema(s, false)) },
    });
  }
  return ajv;
}

/** OpenAPI 3.0 schema → JSON Schema Ajv understands. `external` rewrites local refs to point into the spec document. */
function toJsonSchema(schema: unknown, external = true): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: Json = {};
  for (const [keyword, value] of Object.entries(schema as Json)) {
    if (keyword.startsWith('x-') || SKIPPED.has(keyword)) continue;
    if (keyword === 'properties' || keyword === 'patternProperties') {
      out[keyword] = mapValues(value, (s) => toJsonSchema(s, external));
    } else if (keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') {
      out[keyword] = toJsonSchema(value, external);
    } else if (keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') {
      const branches = (value as unknown[]).map((s) => toJsonSchema(s, external));
      if (keyword === 'allOf') out.allOf = [...((out.allOf as unknown[]) ?? []), ...branches];
      else if (out.anyOf) out.allOf = [...((out.allOf as unknown[]) ?? []), { anyOf: branches }];
      else out.anyOf = branches;
    } else if (keyword === '$ref' && typeof value === 'string') {
      out.$ref = external && value.startsWith('#') ? `${SPEC_ID}${value}` : value;
    } else {
      out[keyword] = value;
    }
  }
  const nullable = out.nullable === true;
  delete out.nullable;
  if (!nullable) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries((value ?? {}) as Json)) out[k] = fn(v);
  return out;
}

/** Accepts '/repos/{owner}/{repo}' or 'GET /repos/{owner}/{repo}'. */
function operation(method: string, template: string): Json | undefined {
  const path = template.replace(/^[A-Z]+\s+/, '');
  const paths = loadSpec().paths as Record<string, Record<string, Json>>;
  return paths[path]?.[method.toLowerCase()];
}

/** Follows one `#/components/...` reference. */
function deref(node: unknown): Json | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const ref = (node as Json).$ref;
  if (typeof ref !== 'string') return node as Json;
  let current: unknown = loadSpec();
  for (const part of ref.replace(/^#\//, '').split('/')) current = (current as Json | undefined)?.[part];
  return current as Json | undefined;
}

function compiled(key: string, schema: unknown): ValidateFunction | null {
  if (!cache.has(key)) {
    cache.set(key, schema === undefined ? null : validatorFactory().compile(toJsonSchema(schema) as Json));
  }
  return cache.get(key) ?? null;
}

const describe = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);

export function responseSchema(method: string, template: string, status: number): unknown {
  const response = deref((operation(method, template)?.responses as Json | undefined)?.[String(status)]);
  const content = response?.content as Record<string, Json> | undefined;
  return content?.['application/json']?.schema;
}

/** Validates a response body for `method template` answered with `status`. Unknown route or status is invalid. */
export function validateAgainstOpenApi(
  method: string,
  template: string,
  status: number,
  body: unknown,
): ValidationResult {
  const op = operation(method, template);
  if (!op) return { valid: false, errors: [`no operation ${method} ${template} in the OpenAPI description`] };
  const response = deref((op.responses as Json)[String(status)]);
  if (!response) return { valid: false, errors: [`${method} ${template} does not document status ${status}`] };
  const validate = compiled(`res ${method} ${template} ${status}`, responseSchema(method, template, status));
  if (!validate) {
    const empty = body === undefined || body === null || body === '';
    return empty ? { valid: true, errors: [] } : { valid: false, errors: ['a body where none is documented'] };
  }
  return validate(body) ? { valid: true, errors: [] } : { valid: false, errors: describe(validate.errors) };
}

/** Validates JSON against a named schema in `components/schemas`, e.g. 'basic-error' or 'validation-error'. */
export function validateComponent(name: string, body: unknown): ValidationResult {
  const schemas = (loadSpec().components as Json | undefined)?.schemas as Json | undefined;
  if (!schemas?.[name]) return { valid: false, errors: [`no schema ${name} in the OpenAPI description`] };
  const validate = compiled(`component ${name}`, { $ref: `#/components/schemas/${name}` });
  return validate?.(body) ? { valid: true, errors: [] } : { valid: false, errors: describe(validate?.errors) };
}

export function requestSchema(method: string, template: string): unknown {
  const requestBody = deref(operation(method, template)?.requestBody);
  const content = requestBody?.content as Record<string, Json> | undefined;
  return content?.['application/json']?.schema;
}

/** Validates a request body against the operation's requestBody schema; valid when the operation takes none. */
export function validateRequestBody(method: string, template: string, body: unknown): RequestValidationResult {
  const validate = compiled(`req ${method} ${template}`, requestSchema(method, template));
  if (!validate) return { valid: true, errors: [] };
  const value = body === undefined ? {} : body;
  if (validate(value)) return { valid: true, errors: [] };
  return { valid: false, errors: describe(validate.errors), message: githubMessage(validate.errors ?? [], value) };
}

/** The documentation link GitHub puts in errors for this operation. */
export function documentationUrl(method: string, template: string): string | undefined {
  const docs = operation(method, template)?.externalDocs as { url?: string } | undefined;
  return docs?.url;
}

/** GitHub words schema failures as `Invalid request.\n\n"title" wasn't supplied.` or `For 'properties/x', 5 is not a string.` */
function githubMessage(errors: ErrorObject[], body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `Invalid request.\n\nFor 'links/0/schema', ${JSON.stringify(body)} is not an object.`;
  }
  const rank = (e: ErrorObject) => ['required', 'anyOf', 'type', 'enum'].indexOf(e.keyword) + 1 || 9;
  const byPath = new Map<string, ErrorObject>();
  for (const error of [...errors].sort((a, b) => a.instancePath.length - b.instancePath.length || rank(a) - rank(b))) {
    if (!byPath.has(error.instancePath)) byPath.set(error.instancePath, error);
  }
  const lines = [...byPath.values()].slice(0, 3).map((error) => {
    if (error.keyword === 'required')
      return `"${(error.params as { missingProperty: string }).missingProperty}" wasn't supplied.`;
    const where = error.instancePath.replace(/^\//, '').split('/').join('/items/');
    const value = JSON.stringify(valueAt(body, error.instancePath));
    if (error.keyword === 'type') {
      const type = (error.params as { type: string | string[] }).type;
      const wanted = Array.isArray(type) ? type.join(' or ') : type;
      return `For 'properties/${where}', ${value} is not ${/^[aeiou]/.test(wanted) ? 'an' : 'a'} ${wanted}.`;
    }
    if (error.keyword === 'enum') return `For 'properties/${where}', ${value} is not a valid value.`;
    return `For 'properties/${where}', ${value} is not valid: ${error.message ?? error.keyword}.`;
  });
  return `Invalid request.\n\n${lines.join('\n')}`;
}

function valueAt(body: unknown, pointer: string): unknown {
  let current = body;
  for (const part of pointer.split('/').slice(1)) current = (current as Json | undefined)?.[part];
  return current === undefined ? null : current;
}
