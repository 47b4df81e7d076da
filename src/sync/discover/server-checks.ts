/** What the server lacks, said before anything is read or written: a stop for a project, a warning for the rest. */
import { ExitCode } from '../../exit-codes.js';
import type { ServerFeatures } from '../../github/server-features.js';
import type { Plan } from '../../plan/index.js';
import { SyncError } from '../errors.js';

/** A board silently left unsynced would look like success: stop before any write instead. */
export function refuseMissingProjects(plan: Plan, features: ServerFeatures): void {
  if (!plan.project || features.projects) return;
  throw new SyncError(
    `${features.name} has no Projects v2 REST API (GitHub Enterprise Server has it from 3.20), which the plan's ` +
      `project: (${plan.project.url}) needs. Nothing was changed. Remove project: from the plan to sync the ` +
      'issues without the board, or sync against a server that has it.',
    ExitCode.Auth,
  );
}

/** One warning per feature the plan uses and the server lacks, naming the server and its version. */
export function missingFeatureWarnings(plan: Plan, features: ServerFeatures): string[] {
  const warnings: string[] = [];
  if (features.subIssues === 'none' && plan.items.some((item) => item.parent !== undefined)) {
    warnings.push(
      `${features.name} has no sub-issues (GitHub Enterprise Server has them from 3.16): the hierarchy is kept ` +
        'in the issue bodies only (each names its parent and lists its children).',
    );
  }
  if (!features.dependencies && plan.items.some((item) => item.dependsOn.length > 0)) {
    warnings.push(
      `${features.name} has no issue dependencies (GitHub Enterprise Server has them from 3.19): blocked-by links ` +
        'are not made; the issue bodies name the blockers.',
    );
  }
  return warnings;
}
