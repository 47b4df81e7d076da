/** GitHub-shaped JSON for the records, valid against @octokit/openapi's schemas. API URLs use the server's own base. */
import type {
  IssueRecord,
  IssueStateEvent,
  IssueTypeRecord,
  LabelRecord,
  MilestoneRecord,
  RepoRecord,
  UserRecord,
} from './records.js';
import type { FakeState } from './state.js';

const HTML = 'https://github.com';

export interface Serializer {
  /** e.g. `http://127.0.0.1:3000` or `http://127.0.0.1:3000/api/v3` */
  base: string;
  state: FakeState;
}

/** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
export const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const maybeTimestamp = (ms: number | null): string | null => (ms === null ? null : timestamp(ms));

export function userJson(base: string, user: UserRecord): Record<string, unknown> {
  const url = `${base}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${HTML}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function labelJson(base: string, owner: string, repo: string, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${base}/repos/${owner}/${repo}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

export function milestoneJson(s: Serializer, repo: RepoRecord, milestone: MilestoneRecord): Record<string, unknown> {
  const url = `${s.base}/repos/${repo.owner.login}/${repo.name}/milestones/${milestone.number}`;
  const issues = [...repo.issues.values()].filter((issue) => issue.milestone === milestone.number);
  return {
    url,
    html_url: `${HTML}/${repo.owner.login}/${repo.name}/milestone/${milestone.number}`,
    labels_url: `${url}/labels`,
    id: milestone.id,
    node_id: milestone.nodeId,
    number: milestone.number,
    title: milestone.title,
    description: milestone.description,
    creator: userJson(s.base, s.state.user(milestone.creator)),
    open_issues: issues.filter((issue) => issue.state === 'open').length,
    closed_issues: issues.filter((issue) => issue.state === 'closed').length,
    state: milestone.state,
    created_at: timestamp(milestone.createdAt),
    updated_at: timestamp(milestone.updatedAt),
    due_on: maybeTimestamp(milestone.dueOn),
    closed_at: maybeTimestamp(milestone.closedAt),
  };
}

export function issueTypeJson(type: IssueTypeRecord): Record<string, unknown> {
  return {
    id: type.id,
    node_id: type.nodeId,
    name: type.name,
    description: type.description,
    color: type.color,
    created_at: timestamp(type.createdAt),
    updated_at: timestamp(type.updatedAt),
    is_enabled: type.isEnabled,
  };
}

export const issueApiUrl = (base: string, issue: IssueRecord): string =>
  `${base}/repos/${issue.owner}/${issue.repo}/issues/${issue.number}`;

/** A `closed` or `reopened` issue event, as GET …/issues/{n}/events lists it (GitHub's state-change-issue-event). */
export function issueEventJson(s: Serializer, issue: IssueRecord, event: IssueStateEvent): Record<string, unknown> {
  return {
    id: event.id,
    node_id: `${event.event === 'closed' ? 'CE' : 'REE'}_kwDO${event.id.toString(36)}`,
    url: `${issueApiUrl(s.base, issue).replace(/\/issues\/\d+$/, '')}/issues/events/${event.id}`,
    actor: userJson(s.base, s.state.user(event.actor)),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: timestamp(event.at),
    performed_via_github_app: null,
    state_reason: event.stateReason,
  };
}

export function issueJson(s: Serializer, issue: IssueRecord): Record<string, unknown> {
  const { state, base } = s;
  const repo = state.repo(issue.owner, issue.repo);
  const repoUrl = `${base}/repos/${issue.owner}/${issue.repo}`;
  const url = issueApiUrl(base, issue);
  const assignees = issue.assignees.map((login) => userJson(base, state.user(login)));
  const milestone = issue.milestone === null ? undefined : repo.milestones.get(issue.milestone);
  const labels = issue.labelIds
    .map((id) => repo.labels.get(id))
    .filter((label): label is LabelRecord => label !== undefined)
    .map((label) => labelJson(base, issue.owner, issue.repo, label));
  const json: Record<string, unknown> = {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${HTML}/${issue.owner}/${issue.repo}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: issue.nodeId,
    number: issue.number,
    title: issue.title,
    user: userJson(base, state.user(issue.author)),
    labels,
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: milestone ? milestoneJson(s, repo, milestone) : null,
    comments: issue.comments,
    created_at: timestamp(issue.createdAt),
    updated_at: timestamp(issue.updatedAt),
    closed_at: maybeTimestamp(issue.closedAt),
    author_association: issue.author.toLowerCase() === issue.owner.toLowerCase() ? 'OWNER' : 'MEMBER',
    active_lock_reason: null,
    body: issue.body,
    closed_by:
      issue.state === 'closed'
        ? userJson(base, state.user(issue.stateEvents.findLast((e) => e.event === 'closed')?.actor ?? state.viewer))
        : null,
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
  if (issue.pullRequest) {
    const pullUrl = `${repoUrl}/pulls/${issue.number}`;
    const html = `${HTML}/${issue.owner}/${issue.repo}/pull/${issue.number}`;
    json.draft = false;
    json.pull_request = {
      url: pullUrl,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: null,
    };
  }
  // Older GitHub Enterprise Server releases know neither field: leave them out when the capability is off.
  if (state.capabilities.issueTypes) {
    json.type = issue.type === null ? null : issueTypeByName(state, issue);
  }
  if (state.capabilities.subIssues) {
    json.sub_issues_summary = state.subIssuesSummary(issue);
    const parent = issue.parentId === null ? undefined : state.issueById(issue.parentId);
    // As github.com: the key is there only on a sub-issue; an issue without a parent has no `parent_issue_url` at all.
    if (parent) json.parent_issue_url = issueApiUrl(base, parent);
  }
  if (state.capabilities.dependencies) {
    json.issue_dependencies_summary = state.dependenciesSummary(issue);
  }
  return json;
}

function issueTypeByName(state: FakeState, issue: IssueRecord): Record<string, unknown> | null {
  const type = state.issueTypes(issue.owner, issue.repo).find((candidate) => candidate.name === issue.type);
  return type ? issueTypeJson(type) : null;
}

function reactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}
