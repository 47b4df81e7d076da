/**
 * The sync, as a sequence of its stages:
 *
 *   discover(plan, remote) → RemoteState → diffPlan → ChangeSet → execute → Outcome → report
 *
 * A dry run reports the change set; a run executes it and reports the outcome. Everything goes through one client
 * (one p-limit, one pacer); see discover/, diff/, execute/ and report/.
 */
import { ExitCode } from '../exit-codes.js';
import { combinedStats } from '../github/accounting.js';
import { GitHubApi } from '../github/api.js';
import { DEFAULT_API_URL } from '../github/api-url.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { ProjectsApi } from '../github/projects-api.js';
import { detectServerFeatures, GITHUB_COM_FEATURES } from '../github/server-features.js';
import { type InterruptedError, unlessAborted } from '../interrupt.js';
import type { Plan } from '../plan/index.js';
import { diffPlan } from './diff/change-set.js';
import { estimateCost } from './diff/cost.js';
import { discover } from './discover/discover.js';
import { GitHubRemote, OfflineRemote, type RemoteReader } from './discover/remote.js';
import { missingFeatureWarnings, refuseMissingProjects } from './discover/server-checks.js';
import { repositoryAccessError, SyncError } from './errors.js';
import { execute } from './execute/execute.js';
import { addRollupReport, planRollup, rollupWrites } from './execute/rollup.js';
import { DEFAULT_LABEL, parseRepo, SYNC_DEFAULTS, type SyncOptions } from './options.js';
import { type ReportBase, reportChangeSet, reportOutcome, reportUnchanged } from './report/build.js';
import type { SyncReport } from './report/report.js';

export { DEFAULT_LABEL, parseRepo, type SyncOptions } from './options.js';

export async function sync(plan: Plan, options: SyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const ref = parseRepo(options.repo);
  const repo = `${ref.owner}/${ref.repo}`;
  const label = options.label ?? DEFAULT_LABEL;
  const dryRun = options.dryRun === true;
  const client = options.client ?? (options.token ? clientFor(options.token, options) : undefined);
  if (!client && !dryRun) {
    throw new SyncError('A sync needs a GitHub token (only --dry-run works without one).', ExitCode.Auth);
  }
  const projectClient =
    options.projectClient ?? (options.projectToken && client ? clientFor(options.projectToken, options) : client);
  const clients = [client, projectClient].filter(
    (c, i, all): c is GitHubClient => c !== undefined && all.indexOf(c) === i,
  );
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };
  const emit = options.onProgress ?? (() => {});
  const wait = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // A wait (for the budget, before retrying a create) ends at an interrupt.
  const sleep = (ms: number) => unlessAborted(wait(ms), options.interrupt?.stop);

  // What the server offers decides how the run goes (one GET /meta on GitHub Enterprise Server, none elsewhere).
  const features = client ? await detectServerFeatures(client.octokit) : GITHUB_COM_FEATURES;
  refuseMissingProjects(plan, features);
  for (const message of missingFeatureWarnings(plan, features)) warn(message);
  const api = client ? new GitHubApi(client.octokit, ref, features) : undefined;
  const projects = plan.project && projectClient ? new ProjectsApi(projectClient.octokit, plan.project) : undefined;
  const remote: RemoteReader = api ? new GitHubRemote(api, projects, clients) : new OfflineRemote(plan);

  emit({ type: 'phase-start', phase: 'discover', total: 0 });
  // Given up on when an interrupt's grace period ends (a read may be waiting out a rate limit).
  const state = await unlessAborted(
    discover(plan, remote, {
      label,
      relabel: options.relabel === true,
      separatePlan: options.separatePlan === true,
      warn,
      accessError: (error) => repositoryAccessError(error, options.repo),
    }),
    options.interrupt?.abort,
  );
  emit({ type: 'phase-end', phase: 'discover' });

  const changeSet = diffPlan(plan, state, {
    label,
    prune: options.prune === true,
    ...(options.maxPrune !== undefined ? { maxPrune: options.maxPrune } : {}),
  });
  for (const message of changeSet.warnings) warn(message);
  const rollup = options.closeCompleted ? await planRollup(changeSet, api) : undefined;
  const cost = estimateCost(
    { ...changeSet.counts, patches: changeSet.counts.patches + rollupWrites(rollup) },
    remote.requestsSoFar(),
    client?.sending ?? {
      maxConcurrency: options.maxConcurrency ?? SYNC_DEFAULTS.maxConcurrency,
      pacing: options.pacing ?? SYNC_DEFAULTS.pacing,
    },
  );
  const base: ReportBase = {
    repo,
    dryRun,
    cost,
    warnings,
    started,
    stats: () => combinedStats(clients.map((c) => c.stats())),
    interruptedBy: () => (options.interrupt?.stop.reason as InterruptedError | undefined)?.signal,
  };
  if (dryRun) return withRollup(reportChangeSet(changeSet, base));
  if (!api || (!changeSet.needsWrites && rollupWrites(rollup) === 0)) {
    return withRollup(reportUnchanged(changeSet, base));
  }
  const outcome = await execute(changeSet, {
    api,
    projects,
    repo: options.repo,
    writes: cost.requests.writes,
    emit,
    sleep,
    warn,
    log: options.log ?? warn,
    waitForBudget: options.waitForBudget === true,
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
    ...(rollup ? { rollup } : {}),
  });
  return withRollup(reportOutcome(changeSet, outcome, base), outcome.rollup);

  function withRollup(report: SyncReport, outcome?: Parameters<typeof addRollupReport>[2]): SyncReport {
    if (rollup) addRollupReport(report, rollup, outcome);
    return report;
  }
}

/** The library's convenience: a client from a token and the options' API URL, concurrency and pacing. */
function clientFor(token: string, options: SyncOptions): GitHubClient {
  return createGitHubClient({
    token,
    apiUrl: options.apiUrl ?? DEFAULT_API_URL,
    maxConcurrency: options.maxConcurrency ?? SYNC_DEFAULTS.maxConcurrency,
    pacing: options.pacing ?? SYNC_DEFAULTS.pacing,
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
}
