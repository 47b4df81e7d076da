/** The shapes planpilot reads from GitHub's answers: issues narrowed to the few fields it uses. */
import { UnexpectedAnswerError } from '../errors.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface RemoteIssue {
  /** Global integer id: what the sub-issue and dependency endpoints take in their bodies. */
  id: number;
  /** GraphQL node id: what the GraphQL mutations take. */
  nodeId: string;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** `reopened` when a person reopened it: planpilot never closes such an issue again. */
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  milestone: { number: number; title: string } | null;
  /** Issue type name; null for none; undefined when the server does not report types. */
  type: string | null | undefined;
  url: string;
  createdAt: string;
  /** Login of the account that opened it; '' when GitHub did not say (a ghost, a deleted account). */
  author: string;
  /** Parent's number; null for none; undefined when GitHub did not say (a server without sub-issues in REST). */
  parentNumber: number | null | undefined;
  /** All blocked-by / blocking links, open and closed; undefined when GitHub did not say. */
  dependencies: { blockedBy: number; blocking: number } | undefined;
}

export interface RepositoryInfo {
  ownerType: 'Organization' | 'User';
  hasIssues: boolean;
  canPush: boolean | undefined;
}

export interface IssueFields {
  title?: string;
  body?: string;
  labels?: string[];
  assignees?: string[];
  milestone?: number | null;
  type?: string | null;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
}

// biome-ignore lint/suspicious/noExplicitAny: GitHub's issue object, narrowed by toRemoteIssue.
type RawIssue = any;

/**
 * GitHub's issue object narrowed to what planpilot reads. Which keys real answers omit rather than send as null
 * (GitHub's OpenAPI description marks only a few issue keys required; recorded github.com answers show the rest):
 * - `parent_issue_url`: present only on a sub-issue. Real answers leave it out when the issue has no parent; every
 *   `null` seen in public material came from hand-written fakes. So with `sub_issues_summary` present (the server
 *   knows sub-issues), a missing key means "no parent"; without the summary, nothing is known and the caller reads
 *   the parent another way.
 * - `sub_issues_summary`, `issue_dependencies_summary`: on every issue of a server that has the feature, absent on
 *   servers without it (GitHub Enterprise Server before sub-issues and dependencies). Absent means "unknown".
 * - `type`: sent as null on github.com for an untyped issue; left out by servers without issue types, and then it
 *   says nothing (undefined), so types are compared only where the server reports them.
 * - `milestone`: required by the description, null when none; a missing key is read the same way.
 * - `closed_by`: not read; it is absent from listings and null on open issues.
 * - `labels` entries are objects, or bare names in some older answers; `assignees` may be left out: read as none.
 */
export function toRemoteIssue(raw: RawIssue): RemoteIssue {
  // The engine relies on these: an answer without them is not an issue (a proxy's page, a changed API).
  if (typeof raw !== 'object' || raw === null || typeof raw.number !== 'number' || typeof raw.id !== 'number') {
    throw new UnexpectedAnswerError('an issue request', raw);
  }
  const parentUrl: string | null | undefined = raw.parent_issue_url;
  const summary = raw.issue_dependencies_summary;
  const knowsSubIssues = raw.sub_issues_summary !== undefined && raw.sub_issues_summary !== null;
  return {
    id: raw.id,
    nodeId: raw.node_id ?? '',
    number: raw.number,
    title: raw.title ?? '',
    body: raw.body ?? '',
    state: raw.state === 'closed' ? 'closed' : 'open',
    stateReason: typeof raw.state_reason === 'string' ? raw.state_reason : null,
    labels: (raw.labels ?? []).map((label: string | { name?: string }) =>
      typeof label === 'string' ? label : (label.name ?? ''),
    ),
    assignees: (raw.assignees ?? []).map((user: { login: string }) => user.login),
    milestone: raw.milestone ? { number: raw.milestone.number, title: raw.milestone.title } : null,
    type: raw.type === undefined ? undefined : (raw.type?.name ?? null),
    url: raw.html_url,
    createdAt: raw.created_at,
    author: typeof raw.user?.login === 'string' ? raw.user.login : '',
    parentNumber:
      typeof parentUrl === 'string'
        ? parentNumberOf(parentUrl, raw)
        : parentUrl === null || knowsSubIssues
          ? null
          : undefined,
    dependencies: summary
      ? {
          blockedBy: summary.total_blocked_by ?? summary.blocked_by,
          blocking: summary.total_blocking ?? summary.blocking,
        }
      : undefined,
  };
}

/** The parent's number in this repository; -1 for a parent in another repository (never one of the plan's). */
function parentNumberOf(parentUrl: string, raw: RawIssue): number {
  const match = /\/issues\/(\d+)$/.exec(parentUrl);
  if (!match) return -1;
  const sameRepo = typeof raw.repository_url !== 'string' || parentUrl.startsWith(`${raw.repository_url}/issues/`);
  return sameRepo ? Number(match[1]) : -1;
}
