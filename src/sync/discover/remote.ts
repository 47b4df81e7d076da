/**
 * Everything discovery reads, behind one interface with two implementations: GitHub itself, and an offline empty
 * repository for a dry run without a token (so the offline preview is just another remote, not a branch in every
 * step). The offline one counts the reads a real first run would make, for the cost estimate.
 */
import type { GitHubApi, RemoteIssue } from '../../github/api.js';
import type { GitHubClient } from '../../github/client.js';
import type { ProjectField, ProjectItem, ProjectsApi } from '../../github/projects-api.js';
import { GITHUB_COM_FEATURES, type ServerFeatures } from '../../github/server-features.js';
import type { Plan } from '../../plan/index.js';

export interface RemoteReader {
  readonly features: ServerFeatures;
  /** Every issue with the managed label, open and closed, oldest first. */
  listManagedIssues(label: string): Promise<RemoteIssue[]>;
  /** Every issue, labelled or not: to find this plan's issues whose label a person removed. */
  listAllIssues(): Promise<RemoteIssue[]>;
  listLabels(): Promise<string[]>;
  listMilestones(): Promise<{ number: number; title: string }[]>;
  listIssueTypes(): Promise<string[] | undefined>;
  listSubIssues(parentNumber: number): Promise<RemoteIssue[]>;
  readParents(issues: readonly RemoteIssue[]): Promise<Map<number, number | null>>;
  listBlockedBy(issueNumber: number): Promise<RemoteIssue[]>;
  listBlocking(issueNumber: number): Promise<RemoteIssue[]>;
  /** The project's fields; undefined when they cannot be known (offline). */
  listProjectFields(): Promise<ProjectField[] | undefined>;
  listProjectItems(fieldIds: readonly number[]): Promise<ProjectItem[]>;
  /** The plan's project owner's projects that the token sees; asked only after the project answered 404. */
  listOwnerProjects(): Promise<{ number: number; title: string }[]>;
  /** Requests made so far (or, offline, that a real run would have made). */
  requestsSoFar(): number;
}

export class GitHubRemote implements RemoteReader {
  private allIssues: Promise<RemoteIssue[]> | undefined;
  constructor(
    private readonly api: GitHubApi,
    private readonly projects: ProjectsApi | undefined,
    private readonly clients: readonly GitHubClient[],
  ) {}

  get features(): ServerFeatures {
    return this.api.features;
  }
  listManagedIssues(label: string) {
    return this.api.listIssuesWithLabel(label);
  }
  /** Listed once a run: discovery may ask twice (lost labels, recorded `issue:` numbers), always before any write. */
  listAllIssues() {
    this.allIssues ??= this.api.listAllIssues();
    return this.allIssues;
  }
  listLabels() {
    return this.api.listLabels();
  }
  listMilestones() {
    return this.api.listMilestones();
  }
  listIssueTypes() {
    return this.api.listIssueTypes();
  }
  listSubIssues(parentNumber: number) {
    return this.api.listSubIssues(parentNumber);
  }
  readParents(issues: readonly RemoteIssue[]) {
    return this.api.readParents(issues);
  }
  listBlockedBy(issueNumber: number) {
    return this.api.listBlockedBy(issueNumber);
  }
  listBlocking(issueNumber: number) {
    return this.api.listBlocking(issueNumber);
  }
  async listProjectFields() {
    return this.projects ? this.projects.listFields() : [];
  }
  async listProjectItems(fieldIds: readonly number[]) {
    return this.projects ? this.projects.listItems(fieldIds) : [];
  }
  async listOwnerProjects() {
    return this.projects ? this.projects.listOwnerProjects() : [];
  }
  requestsSoFar(): number {
    return this.clients.reduce((sum, client) => sum + client.stats().total, 0);
  }
}

/** An empty repository of an organisation that offers the plan's issue types. */
export class OfflineRemote implements RemoteReader {
  readonly features = GITHUB_COM_FEATURES;
  private reads = 0;
  constructor(private readonly plan: Plan) {}

  private read<T>(value: T): Promise<T> {
    this.reads += 1;
    return Promise.resolve(value);
  }
  listManagedIssues() {
    return this.read<RemoteIssue[]>([]);
  }
  listAllIssues() {
    return this.read<RemoteIssue[]>([]);
  }
  listLabels() {
    return this.read<string[]>([]);
  }
  listMilestones() {
    return this.read<{ number: number; title: string }[]>([]);
  }
  listIssueTypes() {
    return this.read<string[] | undefined>(Object.values(this.plan.types));
  }
  listSubIssues() {
    return this.read<RemoteIssue[]>([]);
  }
  readParents() {
    return this.read(new Map<number, number | null>());
  }
  listBlockedBy() {
    return this.read<RemoteIssue[]>([]);
  }
  listBlocking() {
    return this.read<RemoteIssue[]>([]);
  }
  listProjectFields() {
    return this.read<ProjectField[] | undefined>(undefined);
  }
  listProjectItems() {
    return this.read<ProjectItem[]>([]);
  }
  listOwnerProjects() {
    return this.read<{ number: number; title: string }[]>([]);
  }
  requestsSoFar(): number {
    return this.reads;
  }
}
