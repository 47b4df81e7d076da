/**
 * GitHub Enterprise Server, as GitHub's descriptions give each version: the fake serves under /api/v3, names its
 * version in GET /meta, has rate limiting off and only the features of that version. Sub-issues go through GraphQL;
 * what a version lacks is skipped with one warning naming the version, never a crash.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { countByRoute, viewRepo, writesOf } from '../helpers/github-view.js';
import { syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The example plan without its project: (and the project values its items give). */
function examplePlanWithoutProject(): string {
  const text = readFileSync('plans/example.yaml', 'utf8')
    .replace(/^project:\n(?: {2}.*\n)+/m, '')
    .replace(/^\s*fields: \{[^}]*\}\n/gm, '')
    .replace(/^\s*estimate: \d+\n/gm, '');
  return writePlan(tempDir(), 'example-no-project.yaml', text);
}

async function enterprise(version: string): Promise<FakeGitHub> {
  fake = await startFakeGitHub({ enterprise: { version }, projects: [EXAMPLE_PROJECT] });
  return fake;
}

const ghes = (server: FakeGitHub) => ({ GITHUB_API_URL: `${server.url}/api/v3` });

describe('GitHub Enterprise Server', () => {
  it('3.17: hierarchy through GraphQL, no dependencies (one warning naming the version), re-run 3 reads', async () => {
    const server = await enterprise('3.17.0');
    const plan = examplePlanWithoutProject();
    const first = await syncCli(server, plan, ['--pacing', 'off'], ghes(server));
    expect(first.code, first.stderr).toBe(0);
    const view = viewRepo(server.state);
    expect(Object.keys(view)).toHaveLength(30);
    expect(view.sso?.parent).toBe('auth');
    expect(view['oauth-callback']?.parent).toBe('sso');
    expect(view['checkout-endpoint']?.blockedBy).toEqual([]);
    // The bodies carry what the server cannot link.
    expect(view['checkout-endpoint']?.body).toContain('**Blocked by:** #checkout-schema, #idempotency-keys');
    const warnings = first.report.warnings.filter((w) => w.includes('GitHub Enterprise Server 3.17.0'));
    expect(warnings).toEqual([expect.stringContaining('has no issue dependencies')]);
    expect(first.stderr.match(/has no issue dependencies/g)).toHaveLength(1);
    // No REST sub-issue or dependency route was tried; every sub-issue link is one GraphQL mutation.
    const routes = countByRoute(first.requests);
    expect(Object.keys(routes).filter((r) => /sub_issue|dependencies/.test(r))).toEqual([]);
    expect(routes['GET /meta']).toBe(1);
    expect(first.requests.filter((r) => r.status === 404).map((r) => r.route)).toEqual(
      expect.arrayContaining(['GET /rate_limit']),
    );
    expect(first.report.relations.added).toHaveLength(27);
    expect(first.report.relations.failed).toEqual([]);

    const again = await syncCli(server, plan, ['--pacing', 'off'], ghes(server));
    expect(again.code, again.stderr).toBe(0);
    expect(writesOf(again.requests)).toBe(0);
    // The version, the issue list, and one GraphQL read of the parents of the 30 issues.
    expect(countByRoute(again.requests)).toEqual({
      'GET /meta': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
      'POST /graphql': 1,
    });
    expect(again.report.items.every((item) => item.action === 'unchanged')).toBe(true);
    expect(viewRepo(server.state)).toEqual(view);
  });

  it('3.19: dependencies through REST, sub-issues through GraphQL; a moved task moves its link', async () => {
    const server = await enterprise('3.19.1');
    const plan = examplePlanWithoutProject();
    const first = await syncCli(server, plan, ['--pacing', 'off'], ghes(server));
    expect(first.code, first.stderr).toBe(0);
    const view = viewRepo(server.state);
    expect(view['oauth-callback']?.parent).toBe('sso');
    expect(view['checkout-endpoint']?.blockedBy).toEqual(['checkout-schema', 'idempotency-keys']);
    expect(first.report.warnings.filter((w) => w.includes('Enterprise'))).toEqual([]);

    const again = await syncCli(server, plan, ['--pacing', 'off'], ghes(server));
    expect(again.code).toBe(0);
    expect(writesOf(again.requests)).toBe(0);
    expect(again.requests).toHaveLength(3);

    // Move oauth-callback from sso to another story: GraphQL replaces its parent.
    const text = readFileSync(plan, 'utf8');
    const stories = [...text.matchAll(/^ {6}- id: (\S+)/gm)].map((m) => m[1]!);
    const target = stories.find((id) => id !== 'sso')!;
    const moved = text
      .replace(/^( {10}- id: oauth-callback\n(?: {12}.*\n)*)/m, '')
      .replace(
        new RegExp(`^( {6}- id: ${target}\\n(?: {8}.*\\n)*? {8}tasks:\\n)`, 'm'),
        `$1          - id: oauth-callback\n            title: OAuth callback\n`,
      );
    const movedPlan = writePlan(tempDir(), 'moved.yaml', moved);
    const after = await syncCli(server, movedPlan, ['--pacing', 'off'], ghes(server));
    expect(after.code, after.stderr).toBe(0);
    expect(viewRepo(server.state)['oauth-callback']?.parent).toBe(target);
  });

  it('3.20: the example plan with its project syncs, and re-runs with no write', async () => {
    const server = await enterprise('3.20.0');
    const first = await syncCli(server, 'plans/example.yaml', ['--pacing', 'off'], ghes(server));
    expect(first.code, first.stderr).toBe(0);
    expect(first.report.project?.itemsAdded).toHaveLength(30);
    expect(viewRepo(server.state)['oauth-callback']?.parent).toBe('sso');
    const again = await syncCli(server, 'plans/example.yaml', ['--pacing', 'off'], ghes(server));
    expect(again.code).toBe(0);
    expect(writesOf(again.requests)).toBe(0);
    expect(countByRoute(again.requests)).toEqual({
      'GET /meta': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/fields': 1,
      'GET /orgs/{org}/projectsV2/{project_number}/items': 1,
      'GET /repos/{owner}/{repo}/issues': 1,
      'POST /graphql': 1,
    });
  });

  it('a plan with project: on a server without Projects v2 REST stops before any write, naming the version', async () => {
    const server = await enterprise('3.17.0');
    const run = await syncCli(server, 'plans/example.yaml', ['--pacing', 'off'], ghes(server));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('GitHub Enterprise Server 3.17.0 has no Projects v2 REST API');
    expect(run.stderr).not.toMatch(/token/i);
    expect(writesOf(run.requests)).toBe(0);
  });

  it('every request carries X-GitHub-Api-Version', async () => {
    const server = await enterprise('3.19.0');
    const run = await syncCli(server, examplePlanWithoutProject(), ['--pacing', 'off'], ghes(server));
    expect(run.code).toBe(0);
    expect(new Set(run.requests.map((r) => r.apiVersion))).toEqual(new Set(['2022-11-28']));
  });
});
