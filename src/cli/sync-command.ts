/** `planpilot sync <plan>`: settings from flags and environment (src/settings/), run, report. */

import { ExitCode } from '../exit-codes.js';
import {
  formatChanges,
  formatQuietSummary,
  formatSummary,
  hasPendingChanges,
  type Verbosity,
} from '../format/report.js';
import type { Pacing } from '../github/client.js';
import { redactError, redactSecrets } from '../github/redact.js';
import {
  createInterruptController,
  DEFAULT_INTERRUPT_GRACE_MS,
  InterruptedError,
  interruptExitCode,
  listenForSignals,
} from '../interrupt.js';
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
import { colors, colourChangeLine } from './colour.js';
import { failWith } from './fail.js';
import { usageHint } from './help.js';
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
  /** With dryRun: exit ChangesPending (10) when the dry run found changes to make. */
  detailedExitcode?: boolean;
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
    ...(rawOut.colour ? { colour: rawOut.colour } : {}),
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
  const fail = failWith(out, flags.json, () => secrets);

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
    if (error instanceof UsageError) {
      const code = fail(error.message, exitCodeOf(error));
      out.stderr(usageHint('sync'));
      return code;
    }
    if (error instanceof SyncError) return fail(error.message, exitCodeOf(error));
    throw error;
  }
  for (const secret of secretsOf(settings)) if (!secrets.includes(secret)) secrets.push(secret);
  if (!settings.token) out.stderr('No token: previewing offline against an empty repository.');

  const verbosity: Verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  const graceMs = settings.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  const interrupt = createInterruptController(graceMs);
  const clients = createClients(settings, (message) => out.stderr(message), interrupt);
  const progress = createProgress(out, verbosity);
  const stopListening = listenForSignals(interrupt, {
    first: (signal) => {
      // The bars go first: stopping them shows the cursor again, and later lines print below them.
      progress.stop();
      out.stderr(
        `planpilot: ${signal}: starting nothing new; waiting at most ${(graceMs / 1000).toFixed(1)} s for the ` +
          'requests in flight, then reporting. Send it again to quit at once.',
      );
    },
    again: (first) => {
      progress.stop();
      const code = interruptExitCode(first);
      const message = `interrupted by ${first} and quit at once; what was in flight is unknown, and the next sync picks it up.`;
      if (out.isTTY) process.stderr.write('\x1b[?25h');
      out.stderr(`planpilot: ${message}`);
      if (flags.json) out.stdout(JSON.stringify({ error: message, exitCode: code, interrupted: true, signal: first }));
      process.exit(code);
    },
  });
  try {
    const report = await sync(
      plan,
      syncOptionsOf(settings, clients, {
        log: (message) => out.stderr(message),
        onProgress: progress.onProgress,
        warn: (message) => {
          if (verbosity !== 'quiet') out.stderr(`warning: ${message}`);
        },
        interrupt,
      }),
    );
    progress.stop();
    // A dry run that would change something says so in its exit code, when asked (`terraform plan -detailed-exitcode`).
    const exitCode: ExitCode =
      flags.detailedExitcode && report.exitCode === ExitCode.Success && hasPendingChanges(report)
        ? ExitCode.ChangesPending
        : report.exitCode;
    const redact = (text: string) => redactSecrets(text, secrets);
    const c = colors((flags.json ? out.colour?.stderr : out.colour?.stdout) ?? false);
    if (verbosity !== 'quiet' || report.exitCode !== 0) {
      for (const line of formatChanges(report, verbosity)) {
        if (verbosity !== 'quiet' || line.startsWith('!')) say(colourChangeLine(redact(line), c));
      }
    }
    if (verbosity === 'quiet') say(redact(formatQuietSummary(report)));
    else for (const line of formatSummary({ ...report, warnings: [] })) say(redact(line));
    // The report's exitCode is the process's, --detailed-exitcode's included.
    if (flags.json) out.stdout(redact(JSON.stringify({ ...report, exitCode }, null, 2)));
    return exitCode;
  } catch (error) {
    progress.stop();
    if (error instanceof InterruptedError) return interruptedEarly(error, flags, out);
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  } finally {
    stopListening();
    // Whatever an abandoned wait (a rate-limit retry) still holds, an interrupted run ends once it has reported.
    if (interrupt.signal)
      setTimeout(() => process.exit(process.exitCode ?? interruptExitCode(interrupt.signal!)), 0).unref();
  }
}

/** Interrupted while reading GitHub, before the change set: nothing was written, and there is no item to report. */
function interruptedEarly(error: InterruptedError, flags: SyncFlags, out: Output): ExitCode {
  const message = `interrupted by ${error.signal} while reading GitHub, before any write; nothing was changed.`;
  out.stderr(`planpilot: ${message}`);
  if (flags.json) {
    out.stdout(
      JSON.stringify({ error: message, exitCode: error.exitCode, interrupted: true, signal: error.signal }, null, 2),
    );
  }
  return error.exitCode;
}
