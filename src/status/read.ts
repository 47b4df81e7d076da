/**
 * `planpilot status`: where the plan stands on GitHub, read with exactly the reads a sync makes (the same discovery,
 * then the same diff a dry run reports), never a write and never a request per issue. The one addition: when the plan
 * has a project, the project's Status field rides along in the item listing discovery already makes.
 */
import { ExitCode } from '../exit-codes.js';
import { combinedStats } from '../github/accounting.js';
import { GitHubApi } from '../github/api.js';
import type { GitHubClient } from '../github/client.js';
import type { ProjectField, ProjectItem } from '../github/projects-api.js';
import { ProjectsApi } from '../github/projects-api.js';
import { detectServerFeatures } from '../github/server-features.js';
import type { Plan } from '../plan/index.js';
import { diffPlan } from '../sync/diff/change-set.js';
import { estimateCost } from '../sync/diff/cost.js';
import { discover } from '../sync/discover/discover.js';
import { GitHubRemote, type RemoteReader } from '../sync/discover/remote.js';
import { missingFeatureWarnings, refuseMissingProjects } from '../sync/discover/server-checks.js';
import { repositoryAccessError, SyncError } from '../sync/errors.js';
import { DEFAULT_LABEL, parseRepo } from '../sync/options.js';
import { reportChangeSet } from '../sync/report/build.js';
import { buildStatusReport, type ProjectStatusOf } from './build.js';
import type { StatusReport } from './report.js';

export interface StatusOptions {
  /** `owner/name`. */
  repo: string;
  client: GitHubClient;
  /** The client for Projects v2 reads; default: `client`. */
  projectClient?: GitHubClient;
  /** The managed label; default `planpilot`. */
  label?: string;
  warn?: (message: string) => void;
}

export async function readStatus(plan: Plan, options: StatusOptions): Promise<StatusReport> {
  const started = performance.now();
  const ref = parseRepo(options.repo);
  const repo = `${ref.owner}/${ref.repo}`;
  const label = options.label ?? DEFAULT_LABEL;
  const { client } = options;
  if (!client) throw new SyncError('planpilot status needs a GitHub token to read the issues.', ExitCode.Auth);
  const projectClient = options.projectClient ?? client;
  const clients = [client, projectClient].filter((c, i, all) => all.indexOf(c) === i);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };

  const features = await detectServerFeatures(client.octokit);
  refuseMissingProjects(plan, features);
  for (const message of missingFeatureWarnings(plan, features)) warn(message);
  const api = new GitHubApi(client.octokit, ref, features);
  const projects = plan.project ? new ProjectsApi(projectClient.octokit, plan.project) : undefined;
  const remote = new StatusReadingRemote(new GitHubRemote(api, projects, clients));

  const state = await discover(plan, remote, {
    label,
    relabel: false,
    separatePlan: false,
    warn,
    accessError: (error) => repositoryAccessError(error, options.repo),
  });
  const changeSet = diffPlan(plan, state, { label, prune: false });
  for (const message of changeSet.warnings) warn(message);
  const dryRun = reportChangeSet(changeSet, {
    repo,
    dryRun: true,
    cost: estimateCost(changeSet.counts, remote.requestsSoFar(), client.sending),
    warnings,
    started,
    stats: () => combinedStats(clients.map((c) => c.stats())),
    interruptedBy: () => undefined,
  });
  return buildStatusReport(changeSet, dryRun, plan.project ? remote.projectStatusOf() : undefined);
}

/**
 * Discovery's reader, unchanged but for one thing: the project's item listing also asks for the Status field (at no
 * extra request: the listing takes up to 50 field ids), and the fields it read are kept to name the Status options.
 * The diff looks only at the plan's own fields, so the extra value changes nothing it decides.
 */
class StatusReadingRemote implements RemoteReader {
  private fields: ProjectField[] = [];
  private items: ProjectItem[] = [];

  constructor(private readonly inner: RemoteReader) {}

  get features() {
    return this.inner.features;
  }
  listManagedIssues(label: string) {
    return this.inner.listManagedIssues(label);
  }
  listAllIssues() {
    return this.inner.listAllIssues();
  }
  listLabels() {
    return this.inner.listLabels();
  }
  listMilestones() {
    return this.inner.listMilestones();
  }
  listIssueTypes() {
    return this.inner.listIssueTypes();
  }
  listSubIssues(parentNumber: number) {
    return this.inner.listSubIssues(parentNumber);
  }
  readParents(issues: Parameters<RemoteReader['readParents']>[0]) {
    return this.inner.readParents(issues);
  }
  listBlockedBy(issueNumber: number) {
    return this.inner.listBlockedBy(issueNumber);
  }
  listBlocking(issueNumber: number) {
    return this.inner.listBlocking(issueNumber);
  }
  async listProjectFields() {
    const fields = await this.inner.listProjectFields();
    this.fields = fields ?? [];
    return fields;
  }
  async listProjectItems(fieldIds: readonly number[]) {
    const status = this.statusField();
    const ids = status && !fieldIds.includes(status.id) ? [...fieldIds, status.id] : fieldIds;
    this.items = await this.inner.listProjectItems(ids);
    return this.items;
  }
  listOwnerProjects() {
    return this.inner.listOwnerProjects();
  }
  requestsSoFar() {
    return this.inner.requestsSoFar();
  }

  private statusField(): ProjectField | undefined {
    return this.fields.find((field) => field.name.toLowerCase() === 'status' && field.type === 'single_select');
  }

  /** The Status option's name of an issue (by global id): null when unset or off the board. */
  projectStatusOf(): ProjectStatusOf {
    const status = this.statusField();
    const byIssue = new Map(this.items.flatMap((item) => (item.issueId === undefined ? [] : [[item.issueId, item]])));
    return (issueId) => {
      const value = status ? byIssue.get(issueId)?.values.get(status.id) : undefined;
      if (value === undefined || !status) return null;
      return status.options.find((option) => option.id === String(value))?.name ?? String(value);
    };
  }
}
