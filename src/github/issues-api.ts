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

  async updateIssue(issueNumber: number, fields: IssueFields): Promise<RemoteIssue> {
    const { data } = await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...this.ref,
      issue_number: issueNumber,
      ...(fields as object),
    } as never);
    return toRemoteIssue(data);
  }
}
