/**
 * `planpilot import`, as a library function: read a tree of issues (read-tree), turn it into a plan draft (build),
 * write it as YAML (write-yaml), and check the text with the same loader `validate` and `sync` use, so an import
 * never hands over a plan the next command would refuse. Sends only GET requests.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { DEFAULT_API_URL } from '../github/api-url.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { ProjectsApi } from '../github/projects-api.js';
import { detectServerFeatures } from '../github/server-features.js';
import { TreeApi } from '../github/tree-api.js';
import { type Plan, parsePlan } from '../plan/index.js';
import { projectAccessMessage, repositoryAccessError, SyncError } from '../sync/errors.js';
import { parseRepo, SYNC_DEFAULTS } from '../sync/options.js';
import { buildDraft } from './build.js';
import { planIdOf } from './ids.js';
import type { ImportSummary } from './model.js';
import { parseProjectUrl, readProjectValues } from './project-values.js';
import { readIssueTree, type Selection } from './read-tree.js';
import { planYaml } from './write-yaml.js';

export type { Selection } from './read-tree.js';

const PLAN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ImportOptions {
  selection: Selection;
  /** The plan's id; by default derived from the label, the milestone, or the repository's name. */
  planId?: string;
  /** Where the plan will be written (for the schema comment's relative path); default: the working directory. */
  outFile?: string;
  /** A Projects v2 board to read the issues' field values from (`https://github.com/orgs/ORG/projects/N`). */
  project?: string;
}

export interface ImportResult {
  yaml: string;
  plan: Plan;
  summary: ImportSummary;
}

export interface ImportIssuesOptions extends ImportOptions {
  /** `owner/name`. */
  repo: string;
  /** The client to read through (its p-limit, pacing and accounting); or a token, with `apiUrl`. */
  client?: GitHubClient;
  token?: string;
  apiUrl?: string;
  /** The client for Projects v2 reads (default: `client`): `GITHUB_TOKEN` cannot reach Projects v2. */
  projectClient?: GitHubClient;
}

/**
 * The library's entry: reads the issues through one client and returns the plan's YAML, the loaded plan and the
 * summary. Errors: UsageError (exit 2: no such issue or milestone, nothing to import, a bad plan id), SyncError
 * (exit 3: the token, the repository, a server without REST sub-issues).
 */
export async function importIssues(options: ImportIssuesOptions): Promise<ImportResult> {
  const ref = parseRepo(options.repo);
  const client =
    options.client ??
    (options.token
      ? createGitHubClient({
          token: options.token,
          apiUrl: options.apiUrl ?? DEFAULT_API_URL,
          maxConcurrency: SYNC_DEFAULTS.maxConcurrency,
          pacing: SYNC_DEFAULTS.pacing,
        })
      : undefined);
  if (!client) throw new SyncError('An import needs a GitHub token.', ExitCode.Auth);
  const access = (error: unknown) => repositoryAccessError(error, options.repo) ?? error;
  const features = await detectServerFeatures(client.octokit).catch((error: unknown) => {
    throw access(error);
  });
  if (features.subIssues !== 'rest') {
    throw new SyncError(
      `${features.name} has no REST endpoints for sub-issues, which import reads the hierarchy through; import ` +
        'from github.com or a server that has them.',
      ExitCode.Auth,
    );
  }
  const project = options.project === undefined ? undefined : parseProjectUrl(options.project);
  const projects = project ? new ProjectsApi((options.projectClient ?? client).octokit, project) : undefined;
  if (project && !features.projects) {
    throw new SyncError(`${features.name} has no Projects v2 REST endpoints; import without --project.`, ExitCode.Auth);
  }
  return importPlan(new TreeApi(client.octokit, ref, features), options, projects).catch((error: unknown) => {
    throw access(error);
  });
}

export async function importPlan(api: TreeApi, options: ImportOptions, projects?: ProjectsApi): Promise<ImportResult> {
  const repo = `${api.ref.owner}/${api.ref.repo}`;
  const planId = options.planId ?? defaultPlanId(options.selection, api.ref.repo);
  if (!PLAN_ID.test(planId)) {
    throw new UsageError(
      `--id must be lower-case letters, digits and "-", starting with a letter or digit, at most 64 long; got '${planId}'`,
    );
  }
  const tree = await readIssueTree(api, options.selection);
  if (tree.roots.length === 0) {
    const leftOut = tree.leftOut.length > 0 ? ` (${tree.leftOut.length} pull request(s) left out)` : '';
    throw new UsageError(`No issues in ${repo} for ${tree.described}${leftOut}: nothing to import.`);
  }
  const values = projects
    ? await readProjectValues(projects).catch((error: unknown) => {
        const message = projectAccessMessage(error, { url: options.project ?? '', ownerType: projects.ref.ownerType });
        throw message ? new SyncError(message, ExitCode.Auth) : error;
      })
    : undefined;
  const { draft, summary } = buildDraft(tree, {
    planId,
    repo,
    ...(values && options.project ? { project: { url: options.project.trim(), values } } : {}),
  });
  const outDir = options.outFile ? dirname(resolve(options.outFile)) : process.cwd();
  const yaml = planYaml(draft, {
    schemaPath: schemaPathFrom(outDir),
    header: [
      `Imported from ${repo} (${tree.described}) by planpilot import: ${summary.items.length} issues.`,
      'Each item keeps its issue (issue: N); the first sync adopts those issues instead of creating any.',
    ],
  });
  // The loader is the judge: an import that writes a plan sync would refuse is a bug, and says so here.
  const plan = parsePlan(yaml, options.outFile ?? 'imported plan');
  return { yaml, plan, summary };
}

function defaultPlanId(selection: Selection, repoName: string): string {
  if ('label' in selection) return planIdOf(selection.label);
  if ('milestone' in selection) return planIdOf(selection.milestone);
  return planIdOf(repoName);
}

/** The editor's schema: planpilot's own `schema/plan.schema.json`, relative to the plan's folder. */
function schemaPathFrom(outDir: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'schema', 'plan.schema.json');
    if (existsSync(candidate)) return relative(outDir, candidate).split(sep).join('/');
    dir = dirname(dir);
  }
  return 'https://planpilot.dev/schema/plan.schema.json';
}
