/** Issues: listing by label, creating, reading and updating. */
import { type IssueFields, type RemoteIssue, toRemoteIssue } from './remote-issue.js';
import { RepositoryApi } from './repository-api.js';

export class IssuesApi extends RepositoryApi {
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

  /** Every issue of the repository, open and closed, oldest first; pull requests skipped. */
  async listAllIssues(): Promise<RemoteIssue[]> {
    const raw = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
      ...this.ref,
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    return raw.filter((issue) => !issue.pull_request).map(toRemoteIssue);
  }

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

  /**
   * Who last closed or reopened an issue, from its events (`GET …/issues/{n}/events`, oldest first; `closed` and
   * `reopened` events carry the `actor`). Undefined when it was never closed nor reopened.
   */
  async lastStateChange(issueNumber: number): Promise<{ event: 'closed' | 'reopened'; actor: string } | undefined> {
    const events = (await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
      ...this.ref,
      issue_number: issueNumber,
      per_page: 100,
    })) as { event?: unknown; actor?: { login?: unknown } | null }[];
    const last = events.findLast((e) => e.event === 'closed' || e.event === 'reopened');
    if (!last) return undefined;
    return {
      event: last.event as 'closed' | 'reopened',
      actor: typeof last.actor?.login === 'string' ? last.actor.login : '',
    };
  }

  async updateIssue(issueNumber: number, fields: IssueFields): Promise<RemoteIssue> {
    const { data } = await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.ref,
      issue_number: issueNumber,
      ...(fields as object),
    } as never);
    return toRemoteIssue(data);
  }
}
