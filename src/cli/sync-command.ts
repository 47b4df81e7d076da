/** `planpilot sync <plan>`: resolve the repository, token and client from flags and environment, run, report. */
import { ExitCode } from '../exit-codes.js';
import { resolveApiUrl } from '../github/api-url.js';
import { resolveToken } from '../github/auth.js';
import { createGitHubClient, type GitHubClient, type Pacing } from '../github/client.js';
import { UsageError } from '../github/errors.js';
import { redactSecrets } from '../github/redact.js';
import { formatDiagnostic, loadPlanFile, type Plan, PlanError } from '../plan/index.js';
import { exitCodeOf, SyncError } from '../sync/errors.js';
import { parseRepo, sync } from '../sync/sync.js';
import type { Output } from './output.js';
import { createProgress, formatChanges, formatSummary, type Verbosity } from './sync-output.js';

export interface SyncFlags {
  repo?: string;
  maxConcurrency: number;
  dryRun?: boolean;
  prune?: boolean;
  label?: string;
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
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  let secrets: string[] = [];
  // Human output goes to stderr when stdout carries the JSON report.
  const say = (line: string) => (flags.json ? out.stderr(line) : out.stdout(line));
  const fail = (message: string, code: ExitCode): ExitCode => {
    const text = redactSecrets(message, secrets);
    out.stderr(`planpilot: ${text}`);
    // Scripts reading --json get an answer on every exit path.
    if (flags.json) out.stdout(JSON.stringify({ error: text, exitCode: code }, null, 2));
    return code;
  };

  let plan: Plan;
  try {
    plan = await loadPlanFile(file);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    for (const d of error.diagnostics) out.stderr(formatDiagnostic(d));
    return fail(`${file} is not a valid plan; nothing was sent to GitHub.`, ExitCode.Usage);
  }

  const repo = flags.repo?.trim() || plan.repo || env.GITHUB_REPOSITORY?.trim();
  if (!repo) {
    return fail(
      'No repository: pass --repo owner/name, set `repo:` in the plan, or set GITHUB_REPOSITORY.',
      ExitCode.Usage,
    );
  }
  let apiUrl: string;
  try {
    parseRepo(repo);
    apiUrl = resolveApiUrl(flags.apiUrl, env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyncError) return fail(error.message, ExitCode.Usage);
    throw error;
  }

  const { token } = await resolveToken({ flag: flags.token, env });
  // Projects v2 calls use their own token when given (GITHUB_TOKEN in Actions cannot reach Projects v2).
  const projectToken = flags.projectToken?.trim() || env.PLANPILOT_PROJECT_TOKEN?.trim() || undefined;
  secrets = [token, projectToken].filter((t): t is string => Boolean(t));
  if (!token && !flags.dryRun) {
    return fail(
      'No GitHub token. Pass --token, set GITHUB_TOKEN or GH_TOKEN, or log in with `gh auth login`. ' +
        '(--dry-run previews the sync offline without one.)',
      ExitCode.Auth,
    );
  }
  if (!token) out.stderr('No token: previewing offline against an empty repository.');

  const verbosity: Verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  const clientFor = (t: string): GitHubClient =>
    createGitHubClient({
      token: t,
      apiUrl,
      maxConcurrency: flags.maxConcurrency,
      pacing: flags.pacing,
      log: (message) => out.stderr(message),
      onHourlyLimit: flags.waitForBudget ? 'wait' : 'stop',
      ...requestTimeout(env),
    });
  const client: GitHubClient | undefined = token ? clientFor(token) : undefined;
  const projectClient = client && projectToken && projectToken !== token ? clientFor(projectToken) : undefined;
  const progress = createProgress(out, verbosity);
  try {
    const report = await sync(plan, {
      repo,
      ...(client ? { client } : {}),
      ...(projectClient ? { projectClient } : {}),
      dryRun: flags.dryRun === true,
      prune: flags.prune === true,
      waitForBudget: flags.waitForBudget === true,
      maxConcurrency: flags.maxConcurrency,
      pacing: flags.pacing,
      log: (message) => out.stderr(message),
      ...(flags.label ? { label: flags.label } : {}),
      onProgress: progress.onProgress,
      warn: (message) => {
        if (verbosity !== 'quiet') out.stderr(`warning: ${message}`);
      },
    });
    progress.stop();
    const redact = (text: string) => redactSecrets(text, secrets);
    if (verbosity !== 'quiet' || report.exitCode !== 0) {
      for (const line of formatChanges(report, verbosity)) {
        if (verbosity !== 'quiet' || line.startsWith('!')) say(redact(line));
      }
    }
    for (const line of formatSummary({ ...report, warnings: [] })) {
      if (verbosity !== 'quiet' || line === formatSummary(report)[0]) say(redact(line));
    }
    if (flags.json) out.stdout(redact(JSON.stringify(report, null, 2)));
    return report.exitCode;
  } catch (error) {
    progress.stop();
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  }
}

/**
 * Two environment knobs for slow proxies and for tests: PLANPILOT_REQUEST_TIMEOUT_MS, the deadline of each HTTP
 * attempt (default 30 s), and PLANPILOT_RETRY_BASE_MS, the backoff unit of retries (default 1 s: n² units before
 * retry n).
 */
function requestTimeout(env: NodeJS.ProcessEnv): { requestTimeoutMs?: number; retryBaseDelayMs?: number } {
  const positive = (raw: string | undefined) => {
    const value = Number(raw);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const timeout = positive(env.PLANPILOT_REQUEST_TIMEOUT_MS);
  const retry = positive(env.PLANPILOT_RETRY_BASE_MS);
  return { ...(timeout ? { requestTimeoutMs: timeout } : {}), ...(retry ? { retryBaseDelayMs: retry } : {}) };
}
