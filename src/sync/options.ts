/** What a sync is asked to do: the library's options, with their defaults, and the repository they name. */
import { ExitCode } from '../exit-codes.js';
import type { RepoRef } from '../github/api.js';
import type { GitHubClient, Pacing } from '../github/client.js';
import type { Interruption } from '../interrupt.js';
import { SyncError } from './errors.js';
import type { ProgressListener } from './progress.js';

export const DEFAULT_LABEL = 'planpilot';

/** The defaults of a run, in one literal: the CLI, the Action and the library all take them from here. */
export const SYNC_DEFAULTS = { label: DEFAULT_LABEL, maxConcurrency: 5, pacing: 'github' } as const;

export interface SyncOptions {
  /** `owner/name`. */
  repo: string;
  /** The run's client. Without one (and without a token) only an offline dry run is possible. */
  client?: GitHubClient;
  /** Library convenience: without `client`, one is made from these (defaults: api.github.com, 5, github). */
  token?: string;
  apiUrl?: string;
  maxConcurrency?: number;
  pacing?: Pacing;
  /** The client for Projects v2 calls (a token that can reach the project); default: `client`. */
  projectClient?: GitHubClient;
  /** Library convenience: without `projectClient`, one is made from this token with the same options. */
  projectToken?: string;
  dryRun?: boolean;
  /** Close open issues whose item left the plan (reason `not_planned`), and duplicates (reason `duplicate`). */
  prune?: boolean;
  /** The most orphans one prune may close; default 10, and at most a quarter of the plan's issues (at least 3). */
  maxPrune?: number;
  /** The managed label; default `planpilot`. */
  label?: string;
  /** Take this plan's issues found under another label (the label was changed) and give them the managed one. */
  relabel?: boolean;
  /** This plan is not a rename of another plan that has its item ids and titles: create its own issues. */
  separatePlan?: boolean;
  /** After the sync, close parents whose children are all closed, and reopen those planpilot closed (rollup.ts). */
  closeCompleted?: boolean;
  onProgress?: ProgressListener;
  /** Warnings as they happen (they are in the report too). */
  warn?: (message: string) => void;
  /** When the primary budget cannot cover the run, wait for its reset instead of stopping with exit 4. */
  waitForBudget?: boolean;
  /** Progress messages that are not warnings (budget waits). */
  log?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Stops the run (see createInterruptController): nothing new starts once `stop` aborts, and what is in flight is
   * given up on once `abort` does. The report then says `interrupted: true`. Give the same one to the clients.
   */
  interrupt?: Interruption;
}

export function parseRepo(repo: string): RepoRef {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})?)\/([A-Za-z0-9._-]{1,100})$/.exec(repo);
  if (!match || match[2] === '.' || match[2] === '..') {
    throw new SyncError(`"${repo}" is not a repository: expected owner/name, e.g. acme/shop.`, ExitCode.Usage);
  }
  return { owner: match[1]!, repo: match[2]! };
}
