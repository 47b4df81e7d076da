/**
 * Relations: sub-issues (REST, or GraphQL where the server has no REST endpoints) and blocked-by links. The link
 * endpoints take the other issue's global integer id in the body and this issue's number in the path.
 */
import { IssuesApi } from './issues-api.js';
import { type RemoteIssue, toRemoteIssue } from './remote-issue.js';

export class RelationsApi extends IssuesApi {
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
}
