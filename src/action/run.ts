/**
 * The GitHub Action: reads its inputs, runs the same `sync` as the CLI, and reports through the runner: outputs,
 * a job summary, annotations on the plan file for validation errors, and a failed step with the reasons.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { formatChanges } from '../cli/sync-output.js';
import { ExitCode } from '../exit-codes.js';
import { resolveApiUrl } from '../github/api-url.js';
import { createGitHubClient } from '../github/client.js';
import { parseMaxConcurrency } from '../github/concurrency.js';
import { redactSecrets } from '../github/redact.js';
import { GITHUB_TOKEN_HOURLY_REQUESTS } from '../github-limits.js';
import { formatDiagnostic, loadPlanFile, type Plan, PlanError } from '../plan/index.js';
import { formatDuration } from '../sync/diff/cost.js';
import { exitCodeOf } from '../sync/errors.js';
import type { ProgressEvent } from '../sync/progress.js';
import { countActions, type SyncReport } from '../sync/report/report.js';
import { DEFAULT_LABEL, sync } from '../sync/sync.js';

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const token = core.getInput('token').trim();
  if (token) core.setSecret(token);
  // GITHUB_TOKEN cannot reach Projects v2: plans with `project:` pass a PAT or App token as project-token.
  const projectToken = core.getInput('project-token').trim();
  if (projectToken) core.setSecret(projectToken);
  const secrets = [token, projectToken].filter(Boolean);
  const fail = (message: string, code: ExitCode): ExitCode => {
    core.setFailed(redactSecrets(message, secrets));
    return code;
  };

  const planPath = core.getInput('plan', { required: true });
  let plan: Plan;
  try {
    plan = await loadPlanFile(planPath);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    for (const d of error.diagnostics) {
      // Annotations land on the plan's line in the pull request's diff.
      core.error(d.path ? `${d.message} (at ${d.path})` : d.message, {
        title: 'planpilot: invalid plan',
        file: d.file,
        startLine: d.line,
        startColumn: d.column,
      });
    }
    await writeSummaryIfPossible(
      core.summary
        .addHeading('planpilot: invalid plan', 2)
        .addList(error.diagnostics.map((d) => formatDiagnostic(d)))
        .addRaw('Nothing was sent to GitHub.'),
      env,
    );
    return fail(
      `${planPath} is not a valid plan (${error.diagnostics.length} problems); nothing was sent to GitHub.`,
      ExitCode.Usage,
    );
  }

  let maxConcurrency: number;
  let apiUrl: string;
  try {
    maxConcurrency = parseMaxConcurrency(core.getInput('max-concurrency') || '5');
    apiUrl = resolveApiUrl(core.getInput('api-url') || undefined, env);
  } catch (error) {
    return fail(`Invalid input: ${(error as Error).message}`, ExitCode.Usage);
  }
  const repo = core.getInput('repo').trim() || plan.repo || env.GITHUB_REPOSITORY;
  if (!repo) return fail('No repository: set the `repo` input or `repo:` in the plan.', ExitCode.Usage);
  const dryRun = booleanInput('dry-run');
  if (!token && !dryRun) {
    return fail(
      'No token: the `token` input is empty (it defaults to the workflow token, github.token).',
      ExitCode.Auth,
    );
  }

  const pacing = core.getInput('pacing').trim() || 'github';
  if (pacing !== 'github' && pacing !== 'off')
    return fail(`Invalid input: pacing must be github or off; got '${pacing}'`, ExitCode.Usage);
  const waitForBudget = booleanInput('wait-for-budget');
  const clientFor = (t: string) =>
    createGitHubClient({
      token: t,
      apiUrl,
      maxConcurrency,
      pacing,
      log: (m) => core.info(m),
      onHourlyLimit: waitForBudget ? 'wait' : 'stop',
    });
  const client = token ? clientFor(token) : undefined;
  const projectClient = client && projectToken && projectToken !== token ? clientFor(projectToken) : undefined;
  let report: SyncReport;
  try {
    report = await sync(plan, {
      repo,
      ...(client ? { client } : {}),
      ...(projectClient ? { projectClient } : {}),
      dryRun,
      prune: booleanInput('prune'),
      waitForBudget,
      maxConcurrency,
      pacing,
      log: (message) => core.info(message),
      label: core.getInput('label').trim() || DEFAULT_LABEL,
      onProgress: (event) => logEvent(event),
      warn: (message) => core.warning(message),
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  }

  for (const line of formatChanges(report, 'normal')) core.info(redactSecrets(line, secrets));
  const reportPath = writeReport(report, env);
  const counts = countActions(report);
  core.setOutput('created', counts.created);
  core.setOutput('updated', counts.updated);
  core.setOutput('unchanged', counts.unchanged);
  core.setOutput('failed', counts.failed + counts.skipped);
  core.setOutput('orphans', report.orphans.length);
  core.setOutput(
    'issues',
    JSON.stringify(
      Object.fromEntries(
        report.items.filter((i) => i.number !== null).map((i) => [i.id, { number: i.number, url: i.url }]),
      ),
    ),
  );
  core.setOutput('report', reportPath);
  await writeSummary(report, env);

  if (report.exitCode !== 0) {
    const reasons = [
      ...report.items.filter((i) => i.error).map((i) => `${i.id}: ${i.error}`),
      ...report.relations.failed.map((r) => `link ${r.from} → ${r.to}: ${r.error}`),
      ...report.orphans.filter((o) => o.error).map((o) => `closing #${o.number}: ${o.error}`),
      ...(report.project?.failed ?? []).map((f) => `project item ${f.id}: ${f.error}`),
    ];
    return fail(
      `planpilot: ${reasons.length} failure(s); a re-run picks up what is missing.\n${reasons.join('\n')}`,
      report.exitCode,
    );
  }
  return ExitCode.Success;
}

function logEvent(event: ProgressEvent): void {
  if (event.type !== 'item' || event.status === 'starting') return;
  if (event.status === 'failed') core.warning(`[${event.id}] failed (${event.phase}): ${event.message ?? ''}`);
  else if (event.phase === 'enrich') core.info(`[${event.id}] updated #${event.number ?? ''}`);
  else if (event.phase === 'project') core.info(`[${event.id}] project item set #${event.number ?? ''}`);
  else if (event.phase !== 'relations' && event.phase !== 'cleanup')
    core.info(`[${event.id}] created #${event.number ?? ''}`);
}

function writeReport(report: SyncReport, env: NodeJS.ProcessEnv): string {
  const directory = env.RUNNER_TEMP || tmpdir();
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `planpilot-report-${report.plan}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

/**
 * Runners without job summaries (older GitHub Enterprise Server runners, local runners) set no GITHUB_STEP_SUMMARY;
 * @actions/core then throws. The summary is a courtesy there, not a reason to fail the step.
 */
async function writeSummaryIfPossible(summary: typeof core.summary, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    summary.emptyBuffer();
    core.info('No job summary: this runner sets no GITHUB_STEP_SUMMARY.');
    return;
  }
  await summary.write();
}

async function writeSummary(report: SyncReport, env: NodeJS.ProcessEnv): Promise<void> {
  const counts = countActions(report);
  const title = report.dryRun
    ? `planpilot dry run: ${report.plan} → ${report.repo}`
    : `planpilot sync: ${report.plan} → ${report.repo}`;
  const link = (number: number | null, url: string | null) =>
    number === null ? '—' : url ? `<a href="${url}">#${number}</a>` : `#${number}`;
  const verb = (action: string) =>
    report.dryRun ? ({ created: 'create', updated: 'update' }[action] ?? action) : action;
  const changed = report.items.filter((i) => i.action !== 'unchanged');
  const summary = core.summary
    .addHeading(title, 2)
    .addRaw(
      `${counts.created} ${report.dryRun ? 'to create' : 'created'}, ${counts.updated} ${report.dryRun ? 'to update' : 'updated'}, ` +
        `${counts.unchanged} unchanged, ${counts.failed + counts.skipped} failed; links: ${report.relations.added.length} ${report.dryRun ? 'to add' : 'added'}, ` +
        `${report.relations.removed.length} ${report.dryRun ? 'to remove' : 'removed'}; ${report.requests.total} requests.`,
      true,
    );
  const cost = report.cost;
  summary.addRaw(
    `<p>Cost: ${cost.requests.total} requests (${cost.requests.reads} reads, ${cost.requests.writes} writes, ` +
      `${cost.requests.contentCreating} content-creating); estimated ${formatDuration(cost.etaSeconds)}.</p>`,
    true,
  );
  if (cost.requests.total > GITHUB_TOKEN_HOURLY_REQUESTS) {
    const message =
      `This sync makes ${cost.requests.total} requests; a workflow's GITHUB_TOKEN may make ${GITHUB_TOKEN_HOURLY_REQUESTS} an hour ` +
      'per repository. Use a GitHub App or personal token, or expect the run to stop with exit code 4 and finish on a re-run.';
    core.warning(message);
    summary.addRaw(`<p>⚠️ ${escapeHtml(message)}</p>`, true);
  }
  if (changed.length > 0) {
    summary.addTable([
      [
        { data: 'Item', header: true },
        { data: 'Kind', header: true },
        { data: 'Issue', header: true },
        { data: 'Action', header: true },
        { data: 'Changes', header: true },
      ],
      ...changed.map((i) => [
        escapeHtml(`${i.id}: ${i.title}`),
        i.kind,
        link(i.number, i.url),
        verb(i.action),
        escapeHtml(i.error ?? i.changes.join(', ')),
      ]),
    ]);
  } else {
    summary.addRaw('<p>Every item is up to date.</p>', true);
  }
  if (report.orphans.length > 0) {
    summary
      .addHeading('No longer in the plan', 3)
      .addList(
        report.orphans.map(
          (o) =>
            `${link(o.number, o.url)} ${escapeHtml(o.id)}: ${o.action}${o.action === 'kept' ? ' (use prune to close)' : ''}`,
        ),
      );
  }
  if (report.project) {
    const p = report.project;
    summary.addRaw(
      `<p>Project ${escapeHtml(p.url)}: ${p.itemsAdded.length} ${report.dryRun ? 'to add' : 'added'}, ` +
        `${p.itemsUpdated.length} ${report.dryRun ? 'to update' : 'updated'}, ${p.failed.length} failed.</p>`,
      true,
    );
  }
  for (const warning of report.warnings) summary.addRaw(`<p>⚠️ ${escapeHtml(warning)}</p>`, true);
  await writeSummaryIfPossible(summary, env);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An unset input is false; otherwise it must be true/false in YAML's spellings. */
function booleanInput(name: string): boolean {
  return core.getInput(name).trim() === '' ? false : core.getBooleanInput(name);
}
