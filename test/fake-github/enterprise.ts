/**
 * What a GitHub Enterprise Server version offers, per GitHub's own REST descriptions (@octokit/openapi's
 * ghes-3.17 to ghes-3.19) and docs: no REST sub-issue endpoints in any described version (GraphQL
 * `addSubIssue`/`removeSubIssue` from 3.16), issue dependencies (`…/dependencies/blocked_by`) from 3.19, no
 * repository issue-types endpoint, Projects v2 REST from 3.20 (docs; no description is published yet).
 */
import { compareVersions } from '../../src/github/server-features.js';
import type { Capabilities } from './types.js';

export function enterpriseCapabilities(version: string): Capabilities {
  const atLeast = (v: string) => compareVersions(version, v) >= 0;
  return {
    subIssues: false,
    graphqlSubIssues: atLeast('3.16'),
    dependencies: atLeast('3.19'),
    issueTypes: false,
    projects: atLeast('3.20'),
  };
}
