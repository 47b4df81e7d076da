/**
 * The thin adapter over GitHub's REST API: one function per operation planpilot uses. Nothing outside src/github
 * builds a URL or knows a route. Issues come back as `RemoteIssue`, the few fields planpilot reads.
 */
import { RelationsApi } from './relations-api.js';

export type { IssueFields, RemoteIssue, RepoRef, RepositoryInfo } from './remote-issue.js';
export { toRemoteIssue } from './remote-issue.js';

/** Every operation planpilot uses, one file per resource: repository-api, issues-api, relations-api. */
export class GitHubApi extends RelationsApi {}
