/** The repository itself, its labels, milestones and issue types, and the rate-limit budget. */
import type { Octokit } from '@octokit/rest';
import { checkedEntries, checkedObject } from './answer-shape.js';
import type { RepoRef, RepositoryInfo } from './remote-issue.js';
import { GITHUB_COM_FEATURES, type ServerFeatures } from './server-features.js';

export class RepositoryApi {
  constructor(
    protected readonly octokit: Octokit,
    readonly ref: RepoRef,
    /** What the server offers (detectServerFeatures): sub-issues go through REST or GraphQL accordingly. */
    readonly features: ServerFeatures = GITHUB_COM_FEATURES,
  ) {}

  async getRepository(): Promise<RepositoryInfo> {
    const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', { ...this.ref });
    checkedObject('the repository request', data, { full_name: 'string' });
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

  async listLabels(): Promise<string[]> {
    const labels = await this.octokit.paginate('GET /repos/{owner}/{repo}/labels', { ...this.ref, per_page: 100 });
    return checkedEntries<{ name: string }>('the label list', labels, { name: 'string' }).map((label) => label.name);
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
    return checkedEntries<{ number: number; title: string }>('the milestone list', milestones, {
      number: 'number',
      title: 'string',
    }).map((m) => ({ number: m.number, title: m.title }));
  }

  async createMilestone(title: string): Promise<{ number: number; title: string }> {
    const { data } = await this.octokit.request('POST /repos/{owner}/{repo}/milestones', { ...this.ref, title });
    checkedObject('a milestone request', data, { number: 'number', title: 'string' });
    return { number: data.number, title: data.title };
  }

  async listIssueTypes(): Promise<string[] | undefined> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/issue-types', { ...this.ref });
      return checkedEntries<{ name: string }>('the issue type list', data, { name: 'string' }).map((t) => t.name);
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    try {
      const { data } = await this.octokit.request('GET /orgs/{org}/issue-types', { org: this.ref.owner });
      return checkedEntries<{ name: string }>('the issue type list', data, { name: 'string' }).map((t) => t.name);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  async getRateLimit(): Promise<{ limit: number; remaining: number; resetAt: Date }> {
    const { data } = await this.octokit.request('GET /rate_limit');
    const core = checkedObject<{ limit: number; remaining: number; reset: number }>(
      'the rate-limit request',
      (data as { resources?: { core?: unknown } })?.resources?.core,
      { limit: 'number', remaining: 'number', reset: 'number' },
    );
    return { limit: core.limit, remaining: core.remaining, resetAt: new Date(core.reset * 1000) };
  }
}
