/**
 * The GitHub Action: reads its inputs, runs the same `sync` as the CLI, and reports through the runner: outputs,
 * a job summary, annotations on the plan file for validation errors, and a failed step with the reasons.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { ExitCode } from '../exit-codes.js';
import { progressLines } from '../format/progress-lines.js';
import { formatChanges, formatSummary } from '../format/report.js';
import { redactDeep, redactSecrets } from '../github/redact.js';
import { GITHUB_TOKEN_HOURLY_REQUESTS } from '../github-limits.js';
import {
  createInterruptController,
  DEFAULT_INTERRUPT_GRACE_MS,
  InterruptedError,
  type InterruptSignal,
  interruptExitCode,
  listenForSignals,
} from '../interrupt.js';
import { formatDiagnostic, loadPlanFile, type Plan, PlanError } from '../plan/index.js';
import {
  candidateSecrets,
  createClients,
  type RawSettings,
  resolveSettings,
  type Settings,
  secretsOf,
  syncOptionsOf,
} from '../settings/resolve.js';
import { formatDuration } from '../sync/diff/cost.js';
import { exitCodeOf, SyncError, UsageError } from '../sync/errors.js';
import { countActions, type SyncReport } from '../sync/report/report.js';
import { sync } from '../sync/sync.js';
import { summaryInputProblem, writeStatusSummary } from './status-summary.js';

/**
 * `secrets` collects every token of the run as it becomes known, for the caller to redact a crash with; everything
 * the Action writes (log lines, annotations, outputs, the job summary, the report file) is redacted here.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env, secrets: string[] = []): Promise<ExitCode> {
  let raw: RawSettings;
  try {
    raw = readInputs();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    core.setFailed(error.message);
    return ExitCode.Usage;
  }
  const learn = (found: string[]) => {
    for (const secret of found) {
      if (secrets.includes(secret)) continue;
      secrets.push(secret);
      core.setSecret(secret);
    }
  };
  learn(candidateSecrets(raw, env));
  const redact = (text: string) => redactSecrets(text, secrets);
  const fail = (message: string, code: ExitCode): ExitCode => {
    core.setFailed(redact(message));
    return code;
  };

  const summaryMode = input('summary');
  const summaryProblem = summaryInputProblem(summaryMode);
  if (summaryProblem) return fail(summaryProblem, ExitCode.Usage);

  const planPath = core.getInput('plan', { required: true });
  let plan: Plan;
  try {
    // The plan comes from the repository; what it links to need not (a symlink to a runner's credentials file).
    const workspace = env.GITHUB_WORKSPACE
      ? { directory: env.GITHUB_WORKSPACE, name: 'GITHUB_WORKSPACE' }
      : { directory: process.cwd(), name: 'the working directory; GITHUB_WORKSPACE is unset' };
    plan = await loadPlanFile(planPath, { within: workspace });
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    await annotateInvalidPlan(error, env, redact);
    return fail(
      `${planPath} is not a valid plan (${error.diagnostics.length} problems); nothing was sent to GitHub.`,
      ExitCode.Usage,
    );
  }

  let settings: Settings;
  try {
    settings = await resolveSettings(raw, {
      frontEnd: 'action',
      plan,
      env,
      warn: (message) => core.warning(redactSecrets(message, secrets)),
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyncError) return fail(error.message, exitCodeOf(error));
    throw error;
  }
  // A token from `gh auth token` is masked as the inputs are.
  learn(secretsOf(settings));
  if (!settings.token) core.info('No token: previewing offline against an empty repository.');

  // A cancelled job: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the process 2.5 s after that
  // (GitHub's docs, "Workflow cancellation reference"). The default grace of 5 s ends before the SIGTERM.
  const graceMs = settings.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  const interrupt = createInterruptController(graceMs);
  const clients = createClients(settings, (message) => core.info(redact(message)), interrupt);
  const stopListening = listenForSignals(interrupt, {
    first: (signal) =>
      core.info(
        `planpilot: ${signal}: starting nothing new; waiting at most ${(graceMs / 1000).toFixed(1)} s for the ` +
          'requests in flight, then writing the summary and outputs.',
      ),
    again: (first) => {
      core.setFailed(`planpilot: interrupted by ${first} and quit at once; the next sync picks up what is missing.`);
      process.exit(interruptExitCode(first));
    },
  });
  let synced: SyncReport;
  try {
    synced = await sync(
      plan,
      syncOptionsOf(settings, clients, {
        log: (message) => core.info(redact(message)),
        // One line as each phase starts, and failures as they happen; what was done is listed once, after the run.
        onProgress: progressLines({
          items: false,
          line: (text) => core.info(redact(text)),
          failure: (text) => core.warning(redact(text)),
        }),
        warn: (message) => core.warning(redact(message)),
        interrupt,
      }),
    );
  } catch (error) {
    if (error instanceof InterruptedError) return await interruptedEarly(error.signal, env, fail);
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  } finally {
    stopListening();
  }
  // GitHub (or a proxy) can echo a token into any string of the report, an issue's html_url say; the runner masks
  // its log, not outputs, summaries or files.
  const report = redactDeep(synced, secrets);

  for (const line of formatChanges(report, 'normal')) core.info(line);
  // The totals, as the CLI prints them (the warnings were logged as annotations when they were raised).
  for (const line of formatSummary({ ...report, warnings: [] })) core.info(line);
  const reportPath = writeReport(report, env);
  setOutputs(report, reportPath);
  await writeSummary(report, env);
  if (summaryMode === 'status') await writeStatusSummary(plan, settings, clients, env);

  if (report.interrupted) {
    const counts = countActions(report);
    const failures = report.items.filter((i) => i.action === 'failed').map((i) => `${i.id}: ${i.error}`);
    return fail(
      `planpilot: interrupted by ${report.signal}: ${counts.skipped} items not done, ${counts.failed} failed; ` +
        `a re-run picks up what is missing.${failures.length > 0 ? `\n${failures.join('\n')}` : ''}`,
      report.exitCode,
    );
  }
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

/** Cancelled while reading GitHub: nothing was written; the summary and outputs say so. */
async function interruptedEarly(
  signal: InterruptSignal,
  env: NodeJS.ProcessEnv,
  fail: (message: string, code: ExitCode) => ExitCode,
): Promise<ExitCode> {
  const message = `planpilot: interrupted by ${signal} while reading GitHub, before any write; nothing was changed.`;
  core.setOutput('interrupted', 'true');
  await writeSummaryIfPossible(core.summary.addHeading('planpilot: interrupted', 2).addRaw(message, true), env);
  return fail(message, interruptExitCode(signal));
}

/** Each problem becomes an annotation on the plan's line (shown inline in the pull request), and a summary. */
async function annotateInvalidPlan(
  error: PlanError,
  env: NodeJS.ProcessEnv,
  redact: (text: string) => string,
): Promise<void> {
  for (const d of error.diagnostics) {
    // Annotations land on the plan's line in the pull request's diff.
    core.error(redact(d.path ? `${d.message} (at ${d.path})` : d.message), {
      title: 'planpilot: invalid plan',
      file: d.file,
      startLine: d.line,
      startColumn: d.column,
    });
  }
  await writeSummaryIfPossible(
    core.summary
      .addHeading('planpilot: invalid plan', 2)
      .addList(error.diagnostics.map((d) => redact(formatDiagnostic(d))))
      .addRaw('Nothing was sent to GitHub.'),
    env,
  );
}

function setOutputs(report: SyncReport, reportPath: string): void {
  const counts = countActions(report);
  core.setOutput('created', counts.created);
  core.setOutput('updated', counts.updated);
  core.setOutput('unchanged', counts.unchanged);
  core.setOutput('failed', counts.failed + counts.skipped);
  core.setOutput('skipped', counts.skipped);
  core.setOutput('interrupted', String(report.interrupted));
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
  const title =
    (report.dryRun
      ? `planpilot dry run: ${report.plan} → ${report.repo}`
      : `planpilot sync: ${report.plan} → ${report.repo}`) +
    (report.interrupted ? ` (interrupted by ${report.signal})` : '');
  const link = (number: number | null, url: string | null) =>
    number === null ? '—' : url ? `<a href="${url}">#${number}</a>` : `#${number}`;
  const verb = (action: string) =>
    report.dryRun ? ({ created: 'create', updated: 'update' }[action] ?? action) : action;
  const changed = report.items.filter((i) => i.action !== 'unchanged');
  const summary = core.summary
    .addHeading(title, 2)
    .addRaw(
      `${counts.created} ${report.dryRun ? 'to create' : 'created'}, ${counts.updated} ${report.dryRun ? 'to update' : 'updated'}, ` +
        `${counts.unchanged} unchanged, ` +
        (report.interrupted
          ? `${counts.failed} failed, ${counts.skipped} not done (interrupted; a re-run picks them up)`
          : `${counts.failed + counts.skipped} failed`) +
        `; links: ${report.relations.added.length} ${report.dryRun ? 'to add' : 'added'}, ` +
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
        escapeHtml(
          [
            i.error ?? i.changes.join(', '),
            ...(i.refused ?? []).map((r) => `refused ${r.field} ${r.value}: ${r.reason}`),
          ]
            .filter(Boolean)
            .join('; '),
        ),
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
            `${link(o.number, o.url)} ${escapeHtml(o.id)}: ${o.action}${o.note ? ` (${escapeHtml(o.note)})` : o.action === 'kept' ? ' (use prune to close)' : ''}`,
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

/** The inputs, resolved with the CLI's rules (src/settings/resolve.ts); an empty input counts as not given. */
function readInputs(): RawSettings {
  return {
    repo: input('repo'),
    token: input('token'),
    // GITHUB_TOKEN cannot reach Projects v2: plans with `project:` pass a PAT or App token as project-token.
    projectToken: input('project-token'),
    apiUrl: input('api-url'),
    maxConcurrency: input('max-concurrency'),
    pacing: input('pacing'),
    label: input('label'),
    dryRun: booleanInput('dry-run'),
    prune: booleanInput('prune'),
    maxPrune: input('max-prune'),
    relabel: booleanInput('relabel'),
    separatePlan: booleanInput('separate-plan'),
    waitForBudget: booleanInput('wait-for-budget'),
  };
}

/** An input as given, trimmed; the runner passes an unset input as '', which is undefined here. */
function input(name: string): string | undefined {
  return core.getInput(name).trim() || undefined;
}

/** An unset input is false; otherwise it must be true/false in YAML's spellings. */
function booleanInput(name: string): boolean {
  const value = core.getInput(name).trim();
  if (value === '') return false;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  // core.getBooleanInput's TypeError would crash the step (exit 1) with a stack: this is a usage error, exit 2.
  // The value is not echoed: it is read before the tokens are known and masked.
  throw new UsageError(`Invalid input: ${name} must be true or false (true, True, TRUE, false, False or FALSE)`);
}
