/**
 * planpilot as a library: load a plan, sync it, read the report. The CLI and the GitHub Action are thin shells over
 * exactly these functions.
 *
 *   import { loadPlanFile, sync } from 'planpilot';
 *   const report = await sync(await loadPlanFile('plans/roadmap.yaml'), { repo: 'acme/shop', token });
 *   const { yaml } = await importIssues({ repo: 'acme/shop', token, selection: { label: 'roadmap' } });
 *
 * Errors: PlanError (an invalid plan), UsageError (a bad option), SyncError (carries its exit code), RateLimitError
 * and ContentBudgetError (GitHub's budget is spent), UnexpectedAnswerError (an answer that is not GitHub's shape); exitCodeOf(error) gives the CLI's exit code of any of them.
 */
export { UnexpectedAnswerError, UsageError } from './errors.js';
export { ExitCode } from './exit-codes.js';
export {
  type ClientOptions,
  ContentBudgetError,
  createGitHubClient,
  type GitHubClient,
  RateLimitError,
} from './github/client.js';
export {
  type ImportIssuesOptions,
  type ImportResult,
  importIssues,
  type Selection as ImportSelection,
} from './import/import.js';
export type { Folded, ImportedItem, ImportSummary, LeftOut } from './import/model.js';
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
export { exitCodeOf, SyncError } from './sync/errors.js';
export type { Phase, ProgressEvent, ProgressListener } from './sync/progress.js';
export type * from './sync/report/report.js';
export { DEFAULT_LABEL, type SyncOptions, sync } from './sync/sync.js';
export { VERSION } from './version.js';
