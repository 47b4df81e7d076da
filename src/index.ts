/**
 * planpilot as a library: load a plan, sync it, read the report. The CLI and the GitHub Action are thin shells over
 * exactly these functions.
 *
 *   import { loadPlanFile, sync } from 'planpilot';
 *   const report = await sync(await loadPlanFile('plans/roadmap.yaml'), { repo: 'acme/shop', token });
 *   const status = await readStatus(plan, { repo: 'acme/shop', client }); // where it stands; reads only
 *   const { yaml } = await importIssues({ repo: 'acme/shop', token, selection: { label: 'roadmap' } });
 *
 * Errors: PlanError (an invalid plan), UsageError (a bad option), SyncError (carries its exit code), RateLimitError
 * and ContentBudgetError (GitHub's budget is spent), UnexpectedAnswerError (an answer that is not GitHub's shape),
 * InterruptedError (the run was interrupted); exitCodeOf(error) gives the CLI's exit code of any of them.
 *
 * Interrupts: pass `interrupt: createInterruptController()` to sync() (and, with your own client, to
 * createGitHubClient); calling its `interrupt('SIGINT')` stops the run as the CLI's Ctrl-C does.
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
  createInterruptController,
  DEFAULT_INTERRUPT_GRACE_MS,
  type InterruptController,
  InterruptedError,
  type Interruption,
  type InterruptSignal,
} from './interrupt.js';
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
export { formatStatusMarkdown } from './status/format-markdown.js';
export { formatStatusMermaid } from './status/format-mermaid.js';
export { readStatus, type StatusOptions } from './status/read.js';
export type * from './status/report.js';
export { exitCodeOf, SyncError } from './sync/errors.js';
export type { Phase, ProgressEvent, ProgressListener } from './sync/progress.js';
export type * from './sync/report/report.js';
export { DEFAULT_LABEL, type SyncOptions, sync } from './sync/sync.js';
export { VERSION } from './version.js';
