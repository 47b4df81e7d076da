/** Reads and validates a plan file: every problem at once, each with file, line and column; nothing else happens. */
import { buildPlan } from './build-model.js';
import { type Diagnostic, PlanError } from './diagnostics.js';
import { boundDiagnostic } from './excerpt.js';
import { checkGraph } from './graph.js';
import type { Plan } from './model.js';
import { PlanFileRefused, type ReadPlanOptions, readPlanBytes } from './read-plan-file.js';
import type { PlanDocument } from './schema.js';
import { validateSchema } from './validate-schema.js';
import { parseYamlSource } from './yaml-source.js';

/** Far above a 5,000-item plan (about 1 MB); a bigger file is a mistake, not a roadmap. */
export const MAX_PLAN_BYTES = 8 * 1024 * 1024;

export interface LoadedPlan {
  plan: Plan;
  file: string;
}

/** Parses plan text; throws PlanError listing every problem. Pure: no I/O. */
export function parsePlan(text: string, file = 'plan.yaml'): Plan {
  const fail = (message: string): never => {
    throw new PlanError([{ file, line: 1, column: 1, path: '', message }]);
  };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) fail('this is not a text file (it contains NUL bytes); a plan is YAML or JSON');
  if (text.trim() === '') fail('the plan file is empty; start with "version: 1", an "id:" and "epics:"');

  const { source, diagnostics } = parseYamlSource(text, file);
  if (!source) throw new PlanError(diagnostics.map(boundDiagnostic));
  if (source.value === null || source.value === undefined) fail('the plan file has no content, only comments');
  if (typeof source.value !== 'object' || Array.isArray(source.value)) {
    fail('a plan is a mapping with "version", "id" and "epics" at the top level');
  }
  const problems = validateSchema(source);
  const { plan, located } = buildPlan(source.value as PlanDocument);
  problems.push(...checkGraph(source, located));
  if (problems.length > 0) throw new PlanError(sortByPosition(problems).map(boundDiagnostic));
  return plan;
}

/**
 * Reads a plan file from disk, refusing what cannot be a plan before parsing it: anything but a regular file
 * (symlinks followed), more than MAX_PLAN_BYTES, and with `within`, a path that resolves outside that directory.
 */
export async function loadPlanFile(file: string, options: ReadPlanOptions = {}): Promise<Plan> {
  const fail = (message: string): never => {
    throw new PlanError([{ file, line: 1, column: 1, path: '', message }]);
  };
  let bytes: Buffer;
  try {
    bytes = await readPlanBytes(file, MAX_PLAN_BYTES, options);
  } catch (error) {
    if (error instanceof PlanFileRefused) return fail(error.message);
    throw error;
  }
  if (bytes.includes(0)) fail('this is not a text file (it contains NUL bytes); a plan is YAML or JSON');
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail('the file is not valid UTF-8; save it as UTF-8');
  }
  return parsePlan(text, file);
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
}
