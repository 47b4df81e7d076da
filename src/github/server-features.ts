/**
 * What the GitHub a run talks to offers, found once before any fan-out. github.com (and GHE.com) offers everything
 * planpilot uses. GitHub Enterprise Server is told apart by its API URL (`https://HOST/api/v3`) and asked its
 * version (`GET /meta`'s `installed_version`); what each version has comes from GitHub's own REST descriptions
 * (@octokit/openapi's ghes-3.17 to ghes-3.19) and docs:
 *
 *   feature                      REST                         GraphQL
 *   sub-issues                   none in any described version addSubIssue / removeSubIssue from 3.16
 *   issue dependencies           …/dependencies/blocked_by from 3.19
 *   issue types                  no repository endpoint       (types fall back to labels)
 *   Projects v2                  from 3.20 (docs)
 *   rate limits                  off unless an admin enables them (GET /rate_limit then answers 404)
 */
import type { Octokit } from '@octokit/rest';

export interface ServerFeatures {
  /** `github.com`, or `GitHub Enterprise Server 3.17.0`. */
  name: string;
  enterprise: boolean;
  /** How sub-issue links are read and written; 'none': only the managed bodies name parent and children. */
  subIssues: 'rest' | 'graphql' | 'none';
  /** Blocked-by links (REST). */
  dependencies: boolean;
  /** Projects v2 REST. */
  projects: boolean;
}

export const GITHUB_COM_FEATURES: ServerFeatures = {
  name: 'github.com',
  enterprise: false,
  subIssues: 'rest',
  dependencies: true,
  projects: true,
};

/** Versions whose features are known; a newer server is taken to have at least what the newest of them has. */
export function enterpriseFeatures(version: string): ServerFeatures {
  const atLeast = (v: string) => compareVersions(version, v) >= 0;
  return {
    name: `GitHub Enterprise Server ${version}`,
    enterprise: true,
    subIssues: atLeast('3.16') ? 'graphql' : 'none',
    dependencies: atLeast('3.19'),
    projects: atLeast('3.20'),
  };
}

export function isEnterpriseApiUrl(apiUrl: string): boolean {
  return /\/api\/v3\/?$/.test(new URL(apiUrl).pathname);
}

/**
 * One request on GitHub Enterprise Server, none elsewhere. A server whose `/meta` does not answer with a version
 * is treated as github.com: every feature is then tried, and a 404 is still handled where it comes.
 */
export async function detectServerFeatures(octokit: Octokit): Promise<ServerFeatures> {
  if (!isEnterpriseApiUrl(octokit.request.endpoint.DEFAULTS.baseUrl)) return GITHUB_COM_FEATURES;
  try {
    const { data } = await octokit.request('GET /meta');
    const version = (data as { installed_version?: unknown }).installed_version;
    return typeof version === 'string' ? enterpriseFeatures(version) : GITHUB_COM_FEATURES;
  } catch {
    return GITHUB_COM_FEATURES;
  }
}

export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
