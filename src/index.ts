/**
 * planpilot as a library: load a plan, sync it, read the report. The CLI and the GitHub Action are thin shells over
 * exactly these functions.
 *
 *   import { loadPlanFile, sync } from 'planpilot';
 *   const report = await sync(await loadPlanFile('plans/roadmap.yaml'), { repo: 'acme/shop', token });
 */
export { ExitCode } from './exit-codes.js';
export { type ClientOptions, createGitHubClient, type GitHubClient, RateLimitError } from './github/client.js';
export {
  type Diagnostic,
  formatDiagnostic,
  loadPlanFile,
  type Plan,
  PlanError,
  type PlanItem,
  parsePlan,
  planJsonSchema,
} from './plan/index.js';
export { SyncError } from './sync/errors.js';
export type { Phase, ProgressEvent, ProgressListener } from './sync/progress.js';
export type * from './sync/report/report.js';
export { DEFAULT_LABEL, type SyncOptions, sync } from './sync/sync.js';
export { VERSION } from './version.js';
