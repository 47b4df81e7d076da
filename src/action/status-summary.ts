/**
 * The Action's `summary: status` input: after the sync, the Markdown status view (src/status/) goes into the job
 * summary below the sync's own table. It reads what the sync left (a few requests); a failed read is a warning, not a
 * failed step, since the sync itself is done.
 */
import * as core from '@actions/core';
import { redactSecrets } from '../github/redact.js';
import type { Plan } from '../plan/index.js';
import { type createClients, type Settings, secretsOf } from '../settings/resolve.js';
import { formatStatusMarkdown } from '../status/format-markdown.js';
import { readStatus } from '../status/read.js';
import { describeError } from '../sync/errors.js';

/** The values of the `summary` input: empty (the sync's summary only) or `status`; anything else is a usage error. */
export function summaryInputProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === 'status') return undefined;
  return `Invalid input: summary must be \`status\` or empty; got '${value}'.`;
}

export async function writeStatusSummary(
  plan: Plan,
  settings: Settings,
  clients: ReturnType<typeof createClients>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (!clients.client) {
    core.info('No status summary: without a token there is nothing to read.');
    return;
  }
  if (!env.GITHUB_STEP_SUMMARY) return;
  try {
    const report = await readStatus(plan, {
      repo: settings.repo,
      client: clients.client,
      ...(clients.projectClient ? { projectClient: clients.projectClient } : {}),
      label: settings.label,
    });
    const markdown = formatStatusMarkdown(report).join('\n');
    await core.summary.addRaw(redactSecrets(`\n${markdown}\n`, secretsOf(settings))).write();
  } catch (error) {
    core.warning(`The status summary could not be read: ${redactSecrets(describeError(error), secretsOf(settings))}`);
  }
}
