/** `planpilot status <plan>`: read where the plan stands on GitHub (never a write) and print it as text, Markdown, mermaid or JSON. */

import { ExitCode } from '../exit-codes.js';
import { redactSecrets } from '../github/redact.js';
import { formatDiagnostic, loadPlanFile, type Plan, PlanError } from '../plan/index.js';
import { createClients, resolveSettings, type Settings, secretsOf } from '../settings/resolve.js';
import { formatStatusMarkdown } from '../status/format-markdown.js';
import { formatStatusMermaid } from '../status/format-mermaid.js';
import { formatStatusText } from '../status/format-text.js';
import { readStatus } from '../status/read.js';
import { exitCodeOf, SyncError, UsageError } from '../sync/errors.js';
import { failWith } from './fail.js';
import type { Output } from './output.js';

export type StatusFormat = 'text' | 'markdown' | 'mermaid';

export interface StatusFlags {
  repo?: string;
  json?: boolean;
  format: StatusFormat;
  label?: string;
  token?: string;
  projectToken?: string;
  apiUrl?: string;
  pacing?: string;
}

export async function statusCommand(
  file: string,
  flags: StatusFlags,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  let secrets: string[] = [];
  const fail = failWith(out, flags.json, () => secrets);

  let plan: Plan;
  try {
    plan = await loadPlanFile(file);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    for (const d of error.diagnostics) out.stderr(formatDiagnostic(d));
    return fail(`${file} is not a valid plan; nothing was sent to GitHub.`, ExitCode.Usage);
  }

  let settings: Settings;
  try {
    // Never a dry run: without a token there is nothing to read, and that is exit 3 as for a sync.
    settings = await resolveSettings({ ...flags, dryRun: false }, { frontEnd: 'cli', plan, env });
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyncError) return fail(error.message, exitCodeOf(error));
    throw error;
  }
  secrets = secretsOf(settings);
  const { client, projectClient } = createClients(settings, (message) => out.stderr(message));
  try {
    if (!client) throw new SyncError('planpilot status needs a GitHub token.', ExitCode.Auth);
    const report = await readStatus(plan, {
      repo: settings.repo,
      client,
      ...(projectClient ? { projectClient } : {}),
      label: settings.label,
      warn: (message) => out.stderr(`warning: ${message}`),
    });
    const lines = flags.json
      ? [JSON.stringify(report, null, 2)]
      : flags.format === 'markdown'
        ? formatStatusMarkdown(report)
        : flags.format === 'mermaid'
          ? formatStatusMermaid(report)
          : // Warnings already went to stderr as they happened.
            formatStatusText({ ...report, warnings: [] }, { tty: out.isTTY && Boolean(process.stdout.isTTY) });
    for (const line of lines) out.stdout(redactSecrets(line, secrets));
    return ExitCode.Success;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  }
}
