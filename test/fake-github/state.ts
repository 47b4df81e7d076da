/** The in-memory GitHub: repositories, issues, labels, milestones, issue types and users. Relations live in relations.ts. */
import { notFound, validationFailed } from './errors.js';
import type {
  IssueRecord,
  IssueState,
  IssueTypeRecord,
  LabelRecord,
  MilestoneRecord,
  RepoRecord,
  StateReason,
  UserRecord,
} from './records.js';
import { RelationStore } from './relations.js';
import type { Capabilities, FakeRepoOptions } from './types.js';

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  milestone?: number | null;
  type?: string | null;
  state?: IssueState;
  stateReason?: StateReason | null;
  author?: string;
}

/** `actor`: who makes the change (a token's login; default the viewer), for the issue's events. */
export type IssuePatch = Partial<IssueInput> & { actor?: string };

export interface LabelInput {
  name: string;
  color?: string;
  description?: string | null;
}

export interface MilestoneInput {
  title: string;
  state?: 'open' | 'closed';
  description?: string | null;
  dueOn?: string | null;
}

export const DEFAULT_ISSUE_TYPES = ['Epic', 'Story', 'Task', 'Bug', 'Feature'];
const DEFAULT_USERS = ['octocat', 'hubot', 'monalisa'];
/** GitHub refuses issue bodies longer than this. */
export const MAX_BODY_LENGTH = 65_536;

const key = (owner: string, repo: string): string => `${owner}/${repo}`.toLowerCase();
/** GitHub stores bodies with `\n` line endings, whatever the client sent. */
const normaliseBody = (body: string | null | undefined): string | null =>
  body === undefined || body === null ? null : body.replace(/\r\n?/g, '\n');

export class FakeState extends RelationStore {
  /** Set when posing as GitHub Enterprise Server: its `installed_version`. */
  enterpriseVersion: string | undefined;

  private readonly repos = new Map<string, RepoRecord>();
  private readonly issuesById = new Map<number, IssueRecord>();
  private readonly users = new Map<string, UserRecord>();
  private readonly assignable = new Set<string>();
  /** Tokens that act as someone other than the viewer (FakeGitHubOptions.actors). */
  readonly actors = new Map<string, string>();
  private sequence = 0;

  constructor(
    readonly now: () => number,
    readonly capabilities: Capabilities,
    readonly viewer: string = 'octocat',
    users: string[] = [],
  ) {
    super();
    for (const login of [...DEFAULT_USERS, viewer, ...users]) this.allowAssignee(login);
  }

  /** Ids are large and spread per kind so that an issue's id is never a plausible issue number. */
  nextId(base: number): number {
    this.sequence += 1;
    return base + this.sequence * 7;
  }

  user(login: string, type: UserRecord['type'] = 'User'): UserRecord {
    const existing = this.users.get(login.toLowerCase());
    if (existing) return existing;
    const id = this.nextId(1_000_000);
    const prefix = type === 'Organization' ? 'O_kgDO' : 'U_kgDO';
    const record: UserRecord = { login, id, nodeId: `${prefix}${id.toString(36)}`, type };
    this.users.set(login.toLowerCase(), record);
    return record;
  }

  allowAssignee(login: string): void {
    this.user(login);
    this.assignable.add(login.toLowerCase());
  }

  addRepo(options: FakeRepoOptions): RepoRecord {
    const ownerType = options.ownerType ?? 'Organization';
    const owner = this.user(options.owner, ownerType);
    if (ownerType === 'User') this.allowAssignee(options.owner);
    const createdAt = this.now();
    const typeNames = options.issueTypes ?? (ownerType === 'Organization' ? DEFAULT_ISSUE_TYPES : []);
    const colors = ['purple', 'blue', 'yellow', 'red', 'green'] as const;
    const repo: RepoRecord = {
      id: this.nextId(500_000_000),
      nodeId: '',
      owner,
      name: options.name,
      private: options.private ?? true,
      hasIssues: options.hasIssues ?? true,
      permissions: options.permissions ?? { admin: true, push: true, pull: true },
      issueTypes: typeNames.map((name, index) => {
        const id = this.nextId(20_000_000);
        return {
          id,
          nodeId: `IT_kwDO${id.toString(36)}`,
          name,
          description: `${name} issues`,
          color: colors[index % colors.length] ?? null,
          isEnabled: true,
          createdAt,
          updatedAt: createdAt,
        };
      }),
      createdAt,
      nextNumber: 1,
      nextMilestoneNumber: 1,
      issues: new Map(),
      labels: new Map(),
      milestones: new Map(),
    };
    repo.nodeId = `R_kgDO${repo.id.toString(36)}`;
    this.repos.set(key(options.owner, options.name), repo);
    return repo;
  }

  findRepo(owner: string, repo: string): RepoRecord | undefined {
    return this.repos.get(key(owner, repo));
  }

  repo(owner: string, repo: string): RepoRecord {
    const found = this.findRepo(owner, repo);
    if (!found) throw notFound();
    return found;
  }

  allRepos(): RepoRecord[] {
    return [...this.repos.values()];
  }

  /** Issues of a repository in creation order, pull requests left out. */
  issues(owner: string, repo: string): IssueRecord[] {
    return [...this.repo(owner, repo).issues.values()].filter((issue) => !issue.pullRequest);
  }

  pullRequests(owner: string, repo: string): IssueRecord[] {
    return [...this.repo(owner, repo).issues.values()].filter((issue) => issue.pullRequest);
  }

  /** Issues and pull requests, as GitHub's issue listing sees them. */
  issuesAndPullRequests(owner: string, repo: string): IssueRecord[] {
    return [...this.repo(owner, repo).issues.values()];
  }

  issue(owner: string, repo: string, number: number): IssueRecord | undefined {
    return this.findRepo(owner, repo)?.issues.get(number);
  }

  /** A server that lost data (a restore from an older backup): the issue is gone, with its links. */
  forgetIssue(owner: string, repo: string, number: number): void {
    const issue = this.issue(owner, repo, number);
    if (!issue) return;
    this.findRepo(owner, repo)?.issues.delete(number);
    this.issuesById.delete(issue.id);
    for (const other of this.issuesById.values()) {
      if (other.parentId === issue.id) other.parentId = null;
      other.subIssueIds = other.subIssueIds.filter((id) => id !== issue.id);
      other.blockedByIds = other.blockedByIds.filter((id) => id !== issue.id);
      other.blockingIds = other.blockingIds.filter((id) => id !== issue.id);
    }
  }

  requireIssue(owner: string, repo: string, number: number): IssueRecord {
    const issue = this.issue(owner, repo, number);
    if (!issue) throw notFound();
    return issue;
  }

  override issueById(id: number): IssueRecord | undefined {
    return this.issuesById.get(id);
  }

  override touch(issue: IssueRecord): void {
    issue.updatedAt = this.now();
  }

  createIssue(owner: string, repo: string, input: IssueInput): IssueRecord {
    return this.insertIssue(this.repo(owner, repo), input, false);
  }

  createPullRequest(owner: string, repo: string, input: IssueInput): IssueRecord {
    return this.insertIssue(this.repo(owner, repo), input, true);
  }

  private insertIssue(repo: RepoRecord, input: IssueInput, pullRequest: boolean): IssueRecord {
    this.checkIssueInput(repo, input);
    const now = this.now();
    const id = this.nextId(3_000_000_000);
    const issue: IssueRecord = {
      id,
      nodeId: `${pullRequest ? 'PR_kwDO' : 'I_kwDO'}${id.toString(36)}`,
      owner: repo.owner.login,
      repo: repo.name,
      number: repo.nextNumber++,
      title: input.title,
      body: normaliseBody(input.body),
      state: 'open',
      stateReason: null,
      labelIds: [],
      assignees: [],
      milestone: input.milestone ?? null,
      type: input.type ? (this.issueType(repo, input.type)?.name ?? null) : null,
      locked: false,
      comments: 0,
      author: input.author ?? this.viewer,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      stateEvents: [],
      pullRequest,
      parentId: null,
      subIssueIds: [],
      blockedByIds: [],
      blockingIds: [],
    };
    this.user(issue.author);
    issue.labelIds = this.resolveLabels(repo, input.labels ?? []);
    issue.assignees = this.resolveAssignees(input.assignees ?? []);
    if (input.state === 'closed') this.setState(issue, 'closed', input.stateReason ?? null, issue.author);
    repo.issues.set(issue.number, issue);
    this.issuesById.set(issue.id, issue);
    return issue;
  }

  updateIssue(owner: string, repo: string, number: number, patch: IssuePatch): IssueRecord {
    const record = this.repo(owner, repo);
    const issue = this.requireIssue(owner, repo, number);
    this.checkIssueInput(record, patch);
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined) issue.body = normaliseBody(patch.body);
    if (patch.labels !== undefined) issue.labelIds = this.resolveLabels(record, patch.labels);
    if (patch.assignees !== undefined) issue.assignees = this.resolveAssignees(patch.assignees);
    if (patch.milestone !== undefined) issue.milestone = patch.milestone;
    if (patch.type !== undefined)
      issue.type = patch.type === null ? null : (this.issueType(record, patch.type)?.name ?? null);
    if (patch.state !== undefined) {
      this.setState(issue, patch.state, patch.stateReason ?? null, patch.actor ?? this.viewer);
    }
    this.touch(issue);
    return issue;
  }

  /** Closing defaults the reason to `completed`; reopening sets `reopened`; a reason is ignored unless the state changes. */
  private setState(issue: IssueRecord, state: IssueState, reason: StateReason | null, actor: string): void {
    if (state === issue.state) return;
    issue.state = state;
    if (state === 'closed') {
      issue.stateReason = reason && reason !== 'reopened' ? reason : 'completed';
      issue.closedAt = this.now();
    } else {
      issue.stateReason = 'reopened';
      issue.closedAt = null;
    }
    issue.stateEvents.push({
      id: this.nextId(7_000_000_000),
      event: state === 'closed' ? 'closed' : 'reopened',
      actor,
      stateReason: issue.stateReason,
      at: this.now(),
    });
  }

  private checkIssueInput(repo: RepoRecord, input: IssuePatch): void {
    if (input.title !== undefined && input.title.trim() === '') {
      throw validationFailed({ resource: 'Issue', code: 'missing_field', field: 'title' });
    }
    if (typeof input.body === 'string' && input.body.length > MAX_BODY_LENGTH) {
      throw validationFailed({
        resource: 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
      });
    }
    for (const login of input.assignees ?? []) {
      if (!this.assignable.has(login.toLowerCase())) {
        throw validationFailed({ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' });
      }
    }
    if (input.milestone !== undefined && input.milestone !== null && !repo.milestones.has(input.milestone)) {
      throw validationFailed({
        value: String(input.milestone),
        resource: 'Issue',
        field: 'milestone',
        code: 'invalid',
      });
    }
    if (input.type !== undefined && input.type !== null && !this.issueType(repo, input.type)) {
      throw validationFailed({ value: input.type, resource: 'Issue', field: 'type', code: 'invalid' });
    }
  }

  private resolveAssignees(logins: string[]): string[] {
    const unique = new Map(logins.map((login) => [login.toLowerCase(), this.user(login).login]));
    return [...unique.values()];
  }

  /** GitHub creates labels it has not seen when an issue names them. */
  private resolveLabels(repo: RepoRecord, names: string[]): number[] {
    const ids = names.map((name) => (this.findLabel(repo, name) ?? this.insertLabel(repo, { name })).id);
    return [...new Set(ids)];
  }

  addLabelsToIssue(owner: string, repo: string, number: number, names: string[]): IssueRecord {
    const issue = this.requireIssue(owner, repo, number);
    issue.labelIds = [...new Set([...issue.labelIds, ...this.resolveLabels(this.repo(owner, repo), names)])];
    this.touch(issue);
    return issue;
  }

  labels(owner: string, repo: string): LabelRecord[] {
    return [...this.repo(owner, repo).labels.values()];
  }

  findLabel(repo: RepoRecord, name: string): LabelRecord | undefined {
    const wanted = name.toLowerCase();
    return [...repo.labels.values()].find((label) => label.name.toLowerCase() === wanted);
  }

  createLabel(owner: string, repo: string, input: LabelInput): LabelRecord {
    const record = this.repo(owner, repo);
    if (this.findLabel(record, input.name)) {
      throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
    }
    return this.insertLabel(record, input);
  }

  private insertLabel(repo: RepoRecord, input: LabelInput): LabelRecord {
    const id = this.nextId(6_000_000_000);
    const label: LabelRecord = {
      id,
      nodeId: `LA_kwDO${id.toString(36)}`,
      name: input.name,
      color: (input.color ?? 'ededed').replace(/^#/, '').toLowerCase(),
      description: input.description ?? null,
      default: false,
    };
    repo.labels.set(id, label);
    return label;
  }

  milestones(owner: string, repo: string): MilestoneRecord[] {
    return [...this.repo(owner, repo).milestones.values()];
  }

  createMilestone(owner: string, repo: string, input: MilestoneInput): MilestoneRecord {
    const record = this.repo(owner, repo);
    const wanted = input.title.toLowerCase();
    if ([...record.milestones.values()].some((milestone) => milestone.title.toLowerCase() === wanted)) {
      throw validationFailed({ resource: 'Milestone', code: 'already_exists', field: 'title' });
    }
    const now = this.now();
    const id = this.nextId(9_000_000);
    const state = input.state ?? 'open';
    const milestone: MilestoneRecord = {
      id,
      nodeId: `MI_kwDO${id.toString(36)}`,
      number: record.nextMilestoneNumber++,
      title: input.title,
      state,
      description: input.description ?? null,
      dueOn: input.dueOn ? Date.parse(input.dueOn) : null,
      creator: this.viewer,
      createdAt: now,
      updatedAt: now,
      closedAt: state === 'closed' ? now : null,
    };
    record.milestones.set(milestone.number, milestone);
    return milestone;
  }

  /** Issue types exist for organisation repositories only, and only where the server offers them. */
  issueTypes(owner: string, repo: string): IssueTypeRecord[] {
    const record = this.repo(owner, repo);
    if (!this.capabilities.issueTypes || record.owner.type !== 'Organization') return [];
    return record.issueTypes.filter((type) => type.isEnabled);
  }

  private issueType(repo: RepoRecord, name: string): IssueTypeRecord | undefined {
    const wanted = name.toLowerCase();
    return this.issueTypes(repo.owner.login, repo.name).find((type) => type.name.toLowerCase() === wanted);
  }
}
