/**
 * The thin adapter over GitHub's REST API: one function per operation planpilot uses. Nothing outside src/github
 * builds a URL or knows a route. Issues come back as `RemoteIssue`, the few fields planpilot reads.
 */
import type { Octokit } from '@octokit/rest';
import { GITHUB_COM_FEATURES, type ServerFeatures } from './server-features.js';

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
  labels: string[];
  assignees: string[];
  milestone: { number: number; title: string } | null;
  /** Issue type name; null for none; undefined when the server does not report types. */
  type: string | null | undefined;
  url: string;
  createdAt: string;
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
    labels: (raw.labels ?? []).map((label: string | { name?: string }) =>
      typeof label === 'string' ? label : (label.name ?? ''),
    ),
    assignees: (raw.assignees ?? []).map((user: { login: string }) => user.login),
    milestone: raw.milestone ? { number: raw.milestone.number, title: raw.milestone.title } : null,
    type: raw.type === undefined ? undefined : (raw.type?.name ?? null),
    url: raw.html_url,
    createdAt: raw.created_at,
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

export class GitHubApi {
  constructor(
    private readonly octokit: Octokit,
    readonly ref: RepoRef,
    /** What the server offers (detectServerFeatures): sub-issues go through REST or GraphQL accordingly. */
    readonly features: ServerFeatures = GITHUB_COM_FEATURES,
  ) {}

  async getRepository(): Promise<RepositoryInfo> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', { ...this.ref });
    return {
      ownerType: data.owner.type === 'Organization' ? 'Organization' : 'User',
      hasIssues: data.has_issues !== false,
      // Permissions are the user's role. All false (not even pull, though the read worked) says nothing about the
      // token, as with some installation tokens: unknown, then, rather than a refusal.
      canPush:
        data.permissions && (data.permissions.pull || data.permissions.push || data.permissions.admin)
          ? Boolean(data.permissions.push || data.permissions.admin)
          : undefined,
    };
  }

  /** Every issue carrying the label, open and closed, oldest first; pull requests skipped. */
  async listIssuesWithLabel(label: string): Promise<RemoteIssue[]> {
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
      ...this.ref,
      labels: label,
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    return raw.filter((issue) => !issue.pull_request).map(toRemoteIssue);
  }

  /** The newest issues with the label, one page: enough to find an issue that a failed create may have made. */
  async listNewestIssuesWithLabel(label: string): Promise<RemoteIssue[]> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/issues', {
      ...this.ref,
      labels: label,
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: 100,
    });
    return data.filter((issue) => !issue.pull_request).map(toRemoteIssue);
  }

  /**
   * Creates are not idempotent: a 502 can arrive after GitHub made the issue. So the client must not retry this
   * request on its own (`retries: 0`); the engine looks for the issue by its marker before trying again.
   */
  async createIssue(fields: IssueFields & { title: string }): Promise<RemoteIssue> {
    const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...this.ref,
      ...(fields as object),
      request: { retries: 0 },
    } as never);
    return toRemoteIssue(data);
  }

  async getIssue(issueNumber: number): Promise<RemoteIssue> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.ref,
      issue_number: issueNumber,
    });
    return toRemoteIssue(data);
  }

  async updateIssue(issueNumber: number, fields: IssueFields): Promise<RemoteIssue> {
    const { data } = await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.ref,
      issue_number: issueNumber,
      ...(fields as object),
    } as never);
    return toRemoteIssue(data);
  }

  async listLabels(): Promise<string[]> {
    const labels = await this.octokit.paginate('GET /repos/{owner}/{repo}/labels', { ...this.ref, per_page: 100 });
    return labels.map((label) => label.name);
  }

  async createLabel(name: string, color: string, description?: string): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/labels', {
      ...this.ref,
      name,
      color,
      ...(description ? { description } : {}),
    });
  }

  async listMilestones(): Promise<{ number: number; title: string }[]> {
    const milestones = await this.octokit.paginate('GET /repos/{owner}/{repo}/milestones', {
      ...this.ref,
      state: 'all',
      per_page: 100,
    });
    return milestones.map((m) => ({ number: m.number, title: m.title }));
  }

  async createMilestone(title: string): Promise<{ number: number; title: string }> {
    const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/milestones', { ...this.ref, title });
    return { number: data.number, title: data.title };
  }

  /**
   * Issue type names the repository offers; undefined when it offers none. The repository's endpoint answers 404
   * where it does not exist (GitHub Enterprise Server) or the owner is a user; an organisation's types are then
   * read from the organisation, and a 404 there too means none.
   */
  async listIssueTypes(): Promise<string[] | undefined> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/issue-types', { ...this.ref });
      return (data as { name: string }[]).map((type) => type.name);
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    try {
      const { data } = await this.octokit.request('GET /orgs/{org}/issue-types', { org: this.ref.owner });
      return (data as { name: string }[]).map((type) => type.name);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /** Links `child` under `parent`: REST where the server has it, GraphQL `addSubIssue` on GitHub Enterprise Server. */
  async addSubIssue(parent: RemoteIssue, child: RemoteIssue, replaceParent: boolean): Promise<void> {
    if (this.features.subIssues === 'graphql') {
      await this.mutate(
        `mutation ($issueId: ID!, $subIssueId: ID!, $replaceParent: Boolean) {
          addSubIssue(input: { issueId: $issueId, subIssueId: $subIssueId, replaceParent: $replaceParent }) {
            subIssue { number }
          }
        }`,
        { issueId: parent.nodeId, subIssueId: child.nodeId, replaceParent },
      );
      return;
    }
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      ...this.ref,
      issue_number: parent.number,
      sub_issue_id: child.id,
      ...(replaceParent ? { replace_parent: true } : {}),
    });
  }

  async removeSubIssue(parent: Pick<RemoteIssue, 'number' | 'nodeId'>, child: RemoteIssue): Promise<void> {
    if (this.features.subIssues === 'graphql') {
      await this.mutate(
        `mutation ($issueId: ID!, $subIssueId: ID!) {
          removeSubIssue(input: { issueId: $issueId, subIssueId: $subIssueId }) { subIssue { number } }
        }`,
        { issueId: parent.nodeId, subIssueId: child.nodeId },
      );
      return;
    }
    await this.octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue', {
      ...this.ref,
      issue_number: parent.number,
      sub_issue_id: child.id,
    });
  }

  async listSubIssues(parentNumber: number): Promise<RemoteIssue[]> {
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      ...this.ref,
      issue_number: parentNumber,
      per_page: 100,
    });
    return raw.map(toRemoteIssue);
  }

  /**
   * The parent of each issue (its number here; -1 in another repository; null for none), read through GraphQL
   * `nodes` in one request per 100 issues: for servers whose issue objects do not say (GitHub Enterprise Server).
   */
  async readParents(issues: readonly RemoteIssue[]): Promise<Map<number, number | null>> {
    const parents = new Map<number, number | null>();
    const repository = `${this.ref.owner}/${this.ref.repo}`.toLowerCase();
    const chunks: RemoteIssue[][] = [];
    for (let i = 0; i < issues.length; i += 100) chunks.push(issues.slice(i, i + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        const data = await this.octokit.graphql<{
          nodes: ({
            number: number;
            parent: { number: number; repository: { nameWithOwner: string } } | null;
          } | null)[];
        }>(
          `query ($ids: [ID!]!) {
            nodes(ids: $ids) { ... on Issue { number parent { number repository { nameWithOwner } } } }
          }`,
          { ids: chunk.map((issue) => issue.nodeId) },
        );
        for (const node of data.nodes) {
          if (!node || typeof node.number !== 'number') continue;
          const parent = node.parent;
          parents.set(
            node.number,
            parent === null ? null : parent.repository.nameWithOwner.toLowerCase() === repository ? parent.number : -1,
          );
        }
      }),
    );
    return parents;
  }

  /** A GraphQL mutation; GitHub's refusal (errors with HTTP 200) becomes a 422 like REST's, with GitHub's words. */
  private async mutate(document: string, variables: Record<string, unknown>): Promise<void> {
    try {
      await this.octokit.graphql(document, variables);
    } catch (error) {
      const errors = (error as { errors?: { message?: string; type?: string }[] }).errors;
      if (!Array.isArray(errors) || errors.length === 0) throw error;
      const message = errors.map((e) => e.message ?? '').join('; ');
      throw Object.assign(new Error(message), {
        status: errors.some((e) => e.type === 'NOT_FOUND') ? 404 : 422,
        response: { data: { message } },
      });
    }
  }

  async addBlockedBy(issueNumber: number, blockerId: number): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
      ...this.ref,
      issue_number: issueNumber,
      issue_id: blockerId,
    });
  }

  async removeBlockedBy(issueNumber: number, blockerId: number): Promise<void> {
    await this.octokit.request(
      'DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}',
      {
        ...this.ref,
        issue_number: issueNumber,
        issue_id: blockerId,
      },
    );
  }

  async listBlockedBy(issueNumber: number): Promise<RemoteIssue[]> {
    if (!this.features.dependencies) return [];
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
      ...this.ref,
      issue_number: issueNumber,
      per_page: 100,
    });
    return raw.map(toRemoteIssue);
  }

  async listBlocking(issueNumber: number): Promise<RemoteIssue[]> {
    if (!this.features.dependencies) return [];
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking', {
      ...this.ref,
      issue_number: issueNumber,
      per_page: 100,
    });
    return raw.map(toRemoteIssue);
  }

  /** Free: GitHub does not count this request against the limit. */
  async getRateLimit(): Promise<{ limit: number; remaining: number; resetAt: Date }> {
    const { data } = await this.octokit.request('GET /rate_limit');
    const core = data.resources.core;
    return { limit: core.limit, remaining: core.remaining, resetAt: new Date(core.reset * 1000) };
  }
}
