/**
 * The settings of a run, resolved once for both front ends: the CLI's flags and the Action's inputs, with the plan
 * and the environment, become one validated object; the GitHub clients and the options of `sync()` are made from it.
 *
 *   repository       flag/input, then the plan's `repo:`, then GITHUB_REPOSITORY (checked by parseRepo); in the
 *                    Action a plan's `repo:` other than GITHUB_REPOSITORY needs the `repo` input (chooseRepo)
 *   token            flag/input, GITHUB_TOKEN, GH_TOKEN, then `gh auth token` (src/github/auth.ts)
 *   project token    flag/input, then PLANPILOT_PROJECT_TOKEN (default: the token)
 *   API URL          flag/input, GITHUB_API_URL, then https://api.github.com (src/github/api-url.ts)
 *   max concurrency  1..100, default 5;  pacing  github | off, default github
 *   label            1 to 50 characters without commas, default `planpilot`
 *   PLANPILOT_REQUEST_TIMEOUT_MS, PLANPILOT_RETRY_BASE_MS   the deadline of each HTTP attempt (default 30 s) and
 *                    the backoff unit of retries (default 1 s: n² units before retry n), for slow proxies and tests
 *   PLANPILOT_INTERRUPT_GRACE_MS   how long requests in flight may finish after SIGINT or SIGTERM (default 5 s)
 *
 * Every failure is a UsageError (exit 2) or, for a missing token, a SyncError with exit 3, worded for the front end.
 */
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { resolveApiUrl } from '../github/api-url.js';
import { resolveToken, type TokenSource } from '../github/auth.js';
import { createGitHubClient, type GitHubClient, type Pacing } from '../github/client.js';
import type { Interruption } from '../interrupt.js';
import type { Plan } from '../plan/index.js';
import { SyncError } from '../sync/errors.js';
import { DEFAULT_LABEL, parseRepo, SYNC_DEFAULTS, type SyncOptions } from '../sync/options.js';
import { parseLabel, parseMaxConcurrency, parseMaxPrune, parsePacing } from './parsers.js';

export { parseLabel, parseMaxConcurrency, parseMaxPrune, parsePacing } from './parsers.js';

export const DEFAULT_MAX_CONCURRENCY: number = SYNC_DEFAULTS.maxConcurrency;
export const DEFAULT_PACING: Pacing = SYNC_DEFAULTS.pacing;

/** What the user gave, as flags or inputs; undefined means "not given" (the Action passes empty inputs as such). */
export interface RawSettings {
  repo?: string | undefined;
  token?: string | undefined;
  projectToken?: string | undefined;
  apiUrl?: string | undefined;
  maxConcurrency?: string | number | undefined;
  pacing?: string | undefined;
  label?: string | undefined;
  dryRun?: boolean | undefined;
  prune?: boolean | undefined;
  maxPrune?: string | number | undefined;
  relabel?: boolean | undefined;
  separatePlan?: boolean | undefined;
  waitForBudget?: boolean | undefined;
  closeCompleted?: boolean | undefined;
}

export interface Settings {
  repo: string;
  /** Undefined only for an offline dry run. */
  token?: string;
  tokenSource: TokenSource;
  /** Set only when it differs from `token`. */
  projectToken?: string;
  apiUrl: string;
  maxConcurrency: number;
  pacing: Pacing;
  label: string;
  dryRun: boolean;
  prune: boolean;
  /** Undefined: the default limit (see pruneLimit). */
  maxPrune?: number;
  relabel: boolean;
  separatePlan: boolean;
  waitForBudget: boolean;
  closeCompleted: boolean;
  requestTimeoutMs?: number;
  retryBaseDelayMs?: number;
  interruptGraceMs?: number;
}

export type FrontEnd = 'cli' | 'action';

/** How each front end names its settings in messages. */
const VOCABULARY: Record<
  FrontEnd,
  { name: (setting: string) => string; invalid: (message: string) => string; noRepo: string; noToken: string }
> = {
  cli: {
    name: (setting) => `--${setting}`,
    invalid: (message) => message,
    noRepo: 'No repository: pass --repo owner/name, set `repo:` in the plan, or set GITHUB_REPOSITORY.',
    noToken:
      'No GitHub token. Pass --token, set GITHUB_TOKEN or GH_TOKEN, or log in with `gh auth login`. ' +
      '(--dry-run previews the sync offline without one.)',
  },
  action: {
    name: (setting) => setting,
    invalid: (message) => `Invalid input: ${message}`,
    noRepo: 'No repository: set the `repo` input, `repo:` in the plan, or GITHUB_REPOSITORY.',
    noToken:
      'No token: the `token` input is empty (it defaults to the workflow token, github.token), and neither ' +
      'GITHUB_TOKEN, GH_TOKEN nor `gh auth token` gives one.',
  },
};

export interface ResolveContext {
  frontEnd: FrontEnd;
  /** The loaded plan, for its `repo:`. */
  plan: Pick<Plan, 'repo'>;
  env?: NodeJS.ProcessEnv;
  /** The `gh auth token` step (tests replace it). */
  runGh?: () => Promise<string | undefined>;
  /** A setting that is used but worth a word (the plan's `repo:` overridden by the flag or input). */
  warn?: (message: string) => void;
}

/**
 * The repository to write to. The flag or input wins over the plan's `repo:`, with a warning naming both. In the
 * Action, a plan must not send the workflow's token to a repository the workflow did not name: a plan's `repo:`
 * other than GITHUB_REPOSITORY is refused unless the `repo` input names it.
 */
function chooseRepo(given: string | undefined, context: ResolveContext, env: NodeJS.ProcessEnv): string | undefined {
  const planRepo = context.plan.repo;
  const workflowRepo = env.GITHUB_REPOSITORY?.trim() || undefined;
  // GitHub's owner and repository names are case-insensitive.
  const same = (a: string, b: string | undefined) => a.toLowerCase() === b?.toLowerCase();
  const setting = VOCABULARY[context.frontEnd].name('repo');
  if (given && planRepo && !same(given, planRepo)) {
    context.warn?.(`the plan's repo: is ${planRepo}, but ${setting} is ${given}: syncing ${given}`);
  }
  if (context.frontEnd === 'action' && !given && planRepo && !same(planRepo, workflowRepo)) {
    throw new UsageError(
      `The plan's repo: ${planRepo} is not this workflow's repository (GITHUB_REPOSITORY is ${workflowRepo ?? 'unset'}); ` +
        `the Action writes to another repository only when the \`repo\` input names it (repo: ${planRepo}). ` +
        'Nothing was sent to GitHub.',
    );
  }
  return given || planRepo || workflowRepo;
}

export async function resolveSettings(raw: RawSettings, context: ResolveContext): Promise<Settings> {
  const env = context.env ?? process.env;
  const words = VOCABULARY[context.frontEnd];
  const parse = <T>(setting: string, value: string, parser: (value: string) => T): T => {
    try {
      return parser(value);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(words.invalid(`${words.name(setting)} ${error.message}`));
      throw error;
    }
  };

  const repo = chooseRepo(raw.repo?.trim() || undefined, context, env);
  if (!repo) throw new UsageError(words.noRepo);
  try {
    parseRepo(repo);
  } catch (error) {
    // Named by where the value came from: the flag or input, the plan, or the environment.
    const source = raw.repo?.trim() ? words.name('repo') : context.plan.repo ? "the plan's repo:" : 'GITHUB_REPOSITORY';
    if (error instanceof SyncError) throw new UsageError(words.invalid(`${source}: ${error.message}`));
    throw error;
  }
  const maxConcurrency =
    raw.maxConcurrency === undefined
      ? DEFAULT_MAX_CONCURRENCY
      : parse('max-concurrency', String(raw.maxConcurrency), parseMaxConcurrency);
  const pacing = raw.pacing === undefined ? DEFAULT_PACING : parse('pacing', raw.pacing, parsePacing);
  const label = raw.label === undefined ? DEFAULT_LABEL : parse('label', raw.label, parseLabel);
  const maxPrune = raw.maxPrune === undefined ? undefined : parse('max-prune', String(raw.maxPrune), parseMaxPrune);
  let apiUrl: string;
  try {
    apiUrl = resolveApiUrl(raw.apiUrl, env, words.name('api-url'));
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(words.invalid(error.message));
    throw error;
  }

  const dryRun = raw.dryRun === true;
  const { token, source } = await resolveToken({
    flag: raw.token,
    env,
    ...(context.runGh ? { runGh: context.runGh } : {}),
  });
  if (!token && !dryRun) throw new SyncError(words.noToken, ExitCode.Auth);
  // Projects v2 calls use their own token when given (GITHUB_TOKEN in Actions cannot reach Projects v2).
  const projectToken = raw.projectToken?.trim() || env.PLANPILOT_PROJECT_TOKEN?.trim() || undefined;

  return {
    repo,
    ...(token ? { token } : {}),
    tokenSource: source,
    ...(projectToken && projectToken !== token ? { projectToken } : {}),
    apiUrl,
    maxConcurrency,
    pacing,
    label,
    dryRun,
    prune: raw.prune === true,
    ...(maxPrune !== undefined ? { maxPrune } : {}),
    relabel: raw.relabel === true,
    separatePlan: raw.separatePlan === true,
    waitForBudget: raw.waitForBudget === true,
    closeCompleted: raw.closeCompleted === true,
    ...requestKnobs(env),
  };
}

/**
 * Every token a run may be given, before the settings are resolved (a message about a bad setting can quote one):
 * the flags or inputs and the environment's. `gh auth token`'s is known only once resolved (secretsOf).
 */
export function candidateSecrets(raw: Pick<RawSettings, 'token' | 'projectToken'>, env: NodeJS.ProcessEnv): string[] {
  return [raw.token, raw.projectToken, env.GITHUB_TOKEN, env.GH_TOKEN, env.PLANPILOT_PROJECT_TOKEN]
    .map((t) => t?.trim())
    .filter((t): t is string => Boolean(t));
}

/** The tokens of a run, for redaction and masking. */
export function secretsOf(settings: Pick<Settings, 'token' | 'projectToken'>): string[] {
  return [settings.token, settings.projectToken].filter((t): t is string => Boolean(t));
}

/** The run's clients, made here and nowhere else: none offline, a second one only for a distinct project token. */
export function createClients(
  settings: Settings,
  log: (message: string) => void,
  interrupt?: Interruption,
): { client?: GitHubClient; projectClient?: GitHubClient } {
  const clientFor = (token: string): GitHubClient =>
    createGitHubClient({
      token,
      apiUrl: settings.apiUrl,
      maxConcurrency: settings.maxConcurrency,
      pacing: settings.pacing,
      log,
      onHourlyLimit: settings.waitForBudget ? 'wait' : 'stop',
      ...(settings.requestTimeoutMs ? { requestTimeoutMs: settings.requestTimeoutMs } : {}),
      ...(settings.retryBaseDelayMs ? { retryBaseDelayMs: settings.retryBaseDelayMs } : {}),
      ...(interrupt ? { interrupt } : {}),
    });
  if (!settings.token) return {};
  const client = clientFor(settings.token);
  return settings.projectToken ? { client, projectClient: clientFor(settings.projectToken) } : { client };
}

/** The options of `sync()`: the settings, the clients, and the front end's listeners. */
export function syncOptionsOf(
  settings: Settings,
  clients: { client?: GitHubClient; projectClient?: GitHubClient },
  listeners: Pick<SyncOptions, 'log' | 'onProgress' | 'warn' | 'interrupt'>,
): SyncOptions {
  return {
    repo: settings.repo,
    ...(clients.client ? { client: clients.client } : {}),
    ...(clients.projectClient ? { projectClient: clients.projectClient } : {}),
    dryRun: settings.dryRun,
    prune: settings.prune,
    ...(settings.maxPrune !== undefined ? { maxPrune: settings.maxPrune } : {}),
    relabel: settings.relabel,
    separatePlan: settings.separatePlan,
    waitForBudget: settings.waitForBudget,
    closeCompleted: settings.closeCompleted,
    // The same as the clients': the estimate of the run's duration depends on them.
    maxConcurrency: settings.maxConcurrency,
    pacing: settings.pacing,
    label: settings.label,
    ...listeners,
  };
}

function requestKnobs(env: NodeJS.ProcessEnv): {
  requestTimeoutMs?: number;
  retryBaseDelayMs?: number;
  interruptGraceMs?: number;
} {
  const positive = (raw: string | undefined) => {
    const value = Number(raw);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const timeout = positive(env.PLANPILOT_REQUEST_TIMEOUT_MS);
  const retry = positive(env.PLANPILOT_RETRY_BASE_MS);
  const grace = positive(env.PLANPILOT_INTERRUPT_GRACE_MS);
  return {
    ...(timeout ? { requestTimeoutMs: timeout } : {}),
    ...(retry ? { retryBaseDelayMs: retry } : {}),
    ...(grace ? { interruptGraceMs: grace } : {}),
  };
}
