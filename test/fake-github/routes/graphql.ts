/**
 * GitHub's GraphQL endpoint (`POST /graphql`; `/api/graphql` on GitHub Enterprise Server), for the few fields
 * planpilot uses: `nodes`/`node` (an issue's number, repository and parent) and the sub-issue mutations. Every
 * document is parsed and validated against GitHub's published schema (@octokit/graphql-schema), so a query that
 * GitHub would refuse is refused here too; errors come back as GitHub sends them, with HTTP 200 and `errors[]`.
 */
import { schema as published } from '@octokit/graphql-schema';
import { buildSchema, type GraphQLSchema, graphql } from 'graphql';
import { GitHubError } from '../errors.js';
import type { IssueRecord } from '../records.js';
import { json, type RouteContext, type RouteDef } from '../router.js';
import type { FakeState } from '../state.js';

let schema: GraphQLSchema | undefined;
function githubSchema(): GraphQLSchema {
  if (!schema) {
    schema = buildSchema(published.idl, { assumeValidSDL: true });
  }
  return schema;
}

function issueByNodeId(state: FakeState, nodeId: string): IssueRecord | undefined {
  for (const repo of state.allRepos()) {
    for (const issue of repo.issues.values()) if (issue.nodeId === nodeId) return issue;
  }
  return undefined;
}

/** An issue as the GraphQL resolvers see it: plain values, and functions for the fields that need the state. */
function issueNode(state: FakeState, issue: IssueRecord): Record<string, unknown> {
  return {
    __typename: issue.pullRequest ? 'PullRequest' : 'Issue',
    id: issue.nodeId,
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    state: issue.state.toUpperCase(),
    repository: () => ({ nameWithOwner: `${issue.owner}/${issue.repo}`, name: issue.repo }),
    parent: () => {
      const parent = issue.parentId === null ? undefined : state.issueById(issue.parentId);
      return parent ? issueNode(state, parent) : null;
    },
  };
}

function requireIssueNode(state: FakeState, nodeId: string, argument: string): IssueRecord {
  const issue = issueByNodeId(state, nodeId);
  if (!issue || issue.pullRequest) {
    throw Object.assign(new Error(`Could not resolve to a node with the global id of '${nodeId}'`), {
      extensions: { type: 'NOT_FOUND', argument },
    });
  }
  return issue;
}

/** The state's 422s become GraphQL errors with GitHub's message. */
function asGraphQLError(error: unknown): never {
  if (error instanceof GitHubError) throw new Error(error.message);
  throw error;
}

function rootValue(ctx: RouteContext): Record<string, unknown> {
  const { state } = ctx;
  const node = (id: string) => {
    const issue = issueByNodeId(state, id);
    return issue ? issueNode(state, issue) : null;
  };
  // A server before sub-issues (GHES < 3.16) has no such mutations: GitHub answers as for an unknown field.
  const mutation =
    <T>(name: string, resolve: (args: T) => unknown) =>
    (args: T) => {
      if (!state.capabilities.graphqlSubIssues) throw new Error(`Field '${name}' doesn't exist on type 'Mutation'`);
      return resolve(args);
    };
  return {
    node: ({ id }: { id: string }) => node(id),
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > 100) throw new Error('You may not request more than 100 nodes at once');
      return ids.map(node);
    },
    addSubIssue: mutation(
      'addSubIssue',
      ({ input }: { input: { issueId: string; subIssueId?: string; replaceParent?: boolean } }) => {
        const parent = requireIssueNode(state, input.issueId, 'issueId');
        const child = requireIssueNode(state, input.subIssueId ?? '', 'subIssueId');
        try {
          state.linkSubIssue(parent, child.id, input.replaceParent === true);
        } catch (error) {
          asGraphQLError(error);
        }
        return { issue: issueNode(state, parent), subIssue: issueNode(state, child) };
      },
    ),
    removeSubIssue: mutation('removeSubIssue', ({ input }: { input: { issueId: string; subIssueId: string } }) => {
      const parent = requireIssueNode(state, input.issueId, 'issueId');
      const child = requireIssueNode(state, input.subIssueId, 'subIssueId');
      try {
        state.unlinkSubIssue(parent, child.id);
      } catch (error) {
        asGraphQLError(error);
      }
      return { issue: issueNode(state, parent), subIssue: issueNode(state, child) };
    }),
  };
}

async function execute(ctx: RouteContext) {
  const body = (ctx.body ?? {}) as { query?: string; variables?: Record<string, unknown> };
  if (typeof body.query !== 'string') {
    return json(400, { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' });
  }
  const result = await graphql({
    schema: githubSchema(),
    source: body.query,
    rootValue: rootValue(ctx),
    variableValues: body.variables ?? {},
  });
  const errors = result.errors?.map((error) => ({
    ...(error.extensions && Object.keys(error.extensions).length > 0 ? { type: error.extensions.type } : {}),
    path: error.path,
    locations: error.locations,
    message: error.message,
  }));
  return json(200, { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors ? { errors } : {}) });
}

export const graphqlRoutes: RouteDef[] = [{ method: 'POST', path: '/graphql', handle: execute }];

/** Warms the schema (GitHub's is large: about a second to build) so the first request is not slow. */
export function loadGraphQLSchema(): void {
  githubSchema();
}
