/** `planpilot validate <plan>`: load and check a plan; nothing touches the network. */

import { ExitCode } from '../exit-codes.js';
import { formatDiagnostic, loadPlanFile, PlanError, summarizePlan } from '../plan/index.js';
import type { Output } from './output.js';

export async function validateCommand(file: string, options: { json?: boolean }, out: Output): Promise<ExitCode> {
  try {
    const plan = await loadPlanFile(file);
    const summary = summarizePlan(plan);
    if (options.json) {
      out.stdout(JSON.stringify({ valid: true, file, plan: plan.id, ...summary, diagnostics: [] }, null, 2));
    } else {
      out.stdout(
        `${file}: valid plan "${plan.id}": ${summary.epics} epics, ${summary.stories} stories, ${summary.tasks} tasks, ${summary.dependencies} dependency edges`,
      );
    }
    return ExitCode.Success;
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    if (options.json) {
      out.stdout(JSON.stringify({ valid: false, file, diagnostics: error.diagnostics }, null, 2));
    } else {
      for (const d of error.diagnostics) out.stderr(formatDiagnostic(d));
      out.stderr(
        `${error.diagnostics.length} problem${error.diagnostics.length === 1 ? '' : 's'}; nothing was sent to GitHub.`,
      );
    }
    return ExitCode.Usage;
  }
}
