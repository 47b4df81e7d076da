/**
 * The reads `planpilot import` makes: issues with what the sync's listings drop or leave unsaid (pull requests, the
 * issue's repository, its count of sub-issues), so that an import can report what it leaves out instead of losing
 * it without a word. Reads only: nothing here writes.
 */
import { GitHubApi } from './api.js';
import { type RemoteIssue, toRemoteIssue } from './remote-issue.js';

export interface TreeIssue extends RemoteIssue {
  /** `owner/name`, lower-cased: sub-issues and blockers may live in another repository of the owner. */
  repository: string;
  /** Listings of issues include pull requests (they carry a `pull_request` key). */
  pullRequest: boolean;
  /** From `sub_issues_summary.total`; undefined when the server does not say (then the sub-issues are listed). */
  subIssueCount: number | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: GitHub's issue object, narrowed by toRemoteIssue.
type RawIssue = any;

export class TreeApi extends GitHubApi {
  get repository(): string {
    return `${this.ref.owner}/${this.ref.repo}`.toLowerCase();
  }

  async getTreeIssue(issueNumber: number): Promise<TreeIssue> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.ref,
      issue_number: issueNumber,
    });
    return this.toTreeIssue(data);
  }

  /** Issues and pull requests with every one of `labels`, or in the milestone numbered `milestone`, open and closed. */
  async listSelection(filter: { labels?: string; milestone?: number }): Promise<TreeIssue[]> {
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
      ...this.ref,
      ...(filter.labels !== undefined ? { labels: filter.labels } : {}),
      ...(filter.milestone !== undefined ? { milestone: String(filter.milestone) } : {}),
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    return raw.map((issue) => this.toTreeIssue(issue));
  }

  async listTreeSubIssues(parentNumber: number): Promise<TreeIssue[]> {
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues', {
      ...this.ref,
      issue_number: parentNumber,
      per_page: 100,
    });
    return raw.map((issue) => this.toTreeIssue(issue));
  }

  async listTreeBlockedBy(issueNumber: number): Promise<TreeIssue[]> {
    if (!this.features.dependencies) return [];
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by', {
      ...this.ref,
      issue_number: issueNumber,
      per_page: 100,
    });
    return raw.map((issue) => this.toTreeIssue(issue));
  }

  private toTreeIssue(raw: RawIssue): TreeIssue {
    const issue = toRemoteIssue(raw);
    const fromUrl = /\/repos\/([^/]+\/[^/]+)$/.exec(String(raw.repository_url ?? ''))?.[1];
    const total = raw.sub_issues_summary?.total;
    return {
      ...issue,
      repository: (fromUrl ?? this.repository).toLowerCase(),
      pullRequest: raw.pull_request !== undefined && raw.pull_request !== null,
      subIssueCount: typeof total === 'number' ? total : undefined,
    };
  }
}
