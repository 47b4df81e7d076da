/** `planpilot sync <plan>`: settings from flags and environment (src/settings/), run, report. */
import { ExitCode } from '../exit-codes.js';
import { formatChanges, formatQuietSummary, formatSummary, type Verbosity } from '../format/report.js';
import type { Pacing } from '../github/client.js';
import { redactError, redactSecrets } from '../github/redact.js';
import { formatDiagnostic, loadPlanFile, type Plan, PlanError } from '../plan/index.js';
import {
  candidateSecrets,
  createClients,
  resolveSettings,
  type Settings,
  secretsOf,
  syncOptionsOf,
} from '../settings/resolve.js';
import { exitCodeOf, SyncError, UsageError } from '../sync/errors.js';
import { sync } from '../sync/sync.js';
import type { Output } from './output.js';
import { createProgress } from './sync-output.js';

export interface SyncFlags {
  repo?: string;
  maxConcurrency: number;
  dryRun?: boolean;
  prune?: boolean;
  maxPrune?: number;
  label?: string;
  relabel?: boolean;
  separatePlan?: boolean;
  json?: boolean;
  token?: string;
  projectToken?: string;
  apiUrl?: string;
  pacing: Pacing;
  quiet?: boolean;
  verbose?: boolean;
  waitForBudget?: boolean;
}

export async function syncCommand(
  file: string,
  flags: SyncFlags,
  rawOut: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  // Every line printed passes redaction, whatever GitHub, a library or a message echoes; `gh auth token`'s token
  // joins the list once the settings are resolved.
  const secrets: string[] = candidateSecrets(flags, env);
  const out: Output = {
    stdout: (line) => rawOut.stdout(redactSecrets(line, secrets)),
    stderr: (line) => rawOut.stderr(redactSecrets(line, secrets)),
    isTTY: rawOut.isTTY,
  };
  try {
    return await runSync(file, flags, out, env, secrets);
  } catch (error) {
    // A crash prints its stack: not with a token in it.
    throw redactError(error, secrets);
  }
}

async function runSync(
  file: string,
  flags: SyncFlags,
  out: Output,
  env: NodeJS.ProcessEnv,
  secrets: string[],
): Promise<ExitCode> {
  // Human output goes to stderr when stdout carries the JSON report.
  const say = (line: string) => (flags.json ? out.stderr(line) : out.stdout(line));
  const fail = (message: string, code: ExitCode, extra: Record<string, unknown> = {}): ExitCode => {
    const text = redactSecrets(message, secrets);
    out.stderr(`planpilot: ${text}`);
    // Scripts reading --json get an answer on every exit path.
    if (flags.json) out.stdout(JSON.stringify({ error: text, exitCode: code, ...extra }, null, 2));
    return code;
  };

  let plan: Plan;
  try {
    plan = await loadPlanFile(file);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    for (const d of error.diagnostics) out.stderr(formatDiagnostic(d));
    return fail(`${file} is not a valid plan; nothing was sent to GitHub.`, ExitCode.Usage, {
      diagnostics: error.diagnostics,
    });
  }

  let settings: Settings;
  try {
    // Printed even with --quiet: it says which repository the run writes to.
    settings = await resolveSettings(flags, {
      frontEnd: 'cli',
      plan,
      env,
      warn: (message) => out.stderr(`warning: ${message}`),
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyncError) return fail(error.message, exitCodeOf(error));
    throw error;
  }
  for (const secret of secretsOf(settings)) if (!secrets.includes(secret)) secrets.push(secret);
  if (!settings.token) out.stderr('No token: previewing offline against an empty repository.');

  const verbosity: Verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  const clients = createClients(settings, (message) => out.stderr(message));
  const progress = createProgress(out, verbosity);
  try {
    const report = await sync(
      plan,
      syncOptionsOf(settings, clients, {
        log: (message) => out.stderr(message),
        onProgress: progress.onProgress,
        warn: (message) => {
          if (verbosity !== 'quiet') out.stderr(`warning: ${message}`);
        },
      }),
    );
    progress.stop();
    const redact = (text: string) => redactSecrets(text, secrets);
    if (verbosity !== 'quiet' || report.exitCode !== 0) {
      for (const line of formatChanges(report, verbosity)) {
        if (verbosity !== 'quiet' || line.startsWith('!')) say(redact(line));
      }
    }
    if (verbosity === 'quiet') say(redact(formatQuietSummary(report)));
    else for (const line of formatSummary({ ...report, warnings: [] })) say(redact(line));
    if (flags.json) out.stdout(redact(JSON.stringify(report, null, 2)));
    return report.exitCode;
  } catch (error) {
    progress.stop();
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  }
}
