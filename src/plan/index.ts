export { buildPlan } from './build-model.js';
export { type Diagnostic, formatDiagnostic, PlanError } from './diagnostics.js';
export { loadPlanFile, MAX_PLAN_BYTES, parsePlan } from './load.js';
export * from './model.js';
export { planJsonSchema } from './schema.js';
