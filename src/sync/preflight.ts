/**
 * What must be known or exist before items are written: issue types or their fallback labels, labels and milestones
 * the plan uses, and a token that may write. Each is read only when the plan needs it and GitHub's issue objects have
 * not already told.
 */
import { createHash } from 'node:crypto';
import { ExitCode } from '../exit-codes.js';
import type { GitHubApi, RemoteIssue } from '../github/api.js';
import type { ItemKind, Plan } from '../plan/index.js';
import { describeError, repositoryAccessError, SyncError, statusOf } from './errors.js';

export type Typing = (kind: ItemKind) => { type: string } | { label: string };

export function typeLabel(kind: ItemKind): string {
  return `type:${kind}`;
}

/**
 * Issue types when the repository offers them, else labels `type:<kind>`. Existing issues tell which was used, so an
 * unchanged re-run needs no extra read.
 */
export async function resolveTyping(
  plan: Plan,
  issues: ReadonlyMap<string, RemoteIssue>,
  api: GitHubApi | undefined,
  warn: (message: string) => void,
): Promise<Typing> {
  const mode = new Map<ItemKind, 'type' | 'label'>();
  // GitHub's own spelling of each type name, so that comparing with an issue's type never finds a false difference.
  const spelling = new Map<ItemKind, string>();
  for (const item of plan.items) {
    const issue = issues.get(item.id);
    if (!issue || mode.has(item.kind)) continue;
    if (typeof issue.type === 'string' && issue.type.toLowerCase() === plan.types[item.kind].toLowerCase()) {
      mode.set(item.kind, 'type');
      spelling.set(item.kind, issue.type);
    } else if (issue.type == null && issue.labels.includes(typeLabel(item.kind))) mode.set(item.kind, 'label');
  }
  const kinds = new Set(plan.items.map((item) => item.kind));
  if (api && [...kinds].some((kind) => !mode.has(kind))) {
    const available = await api.listIssueTypes();
    const names = new Map((available ?? []).map((name) => [name.toLowerCase(), name]));
    for (const kind of kinds) {
      if (mode.has(kind)) continue;
      const name = names.get(plan.types[kind].toLowerCase());
      mode.set(kind, name ? 'type' : 'label');
      if (name) spelling.set(kind, name);
    }
  }
  const fallback = [...kinds].filter((kind) => mode.get(kind) === 'label');
  if (fallback.length > 0) {
    warn(
      `Issue types ${fallback.map((k) => plan.types[k]).join(', ')} are not available in this repository; ` +
        `using labels ${fallback.map(typeLabel).join(', ')} instead.`,
    );
  }
  return (kind) =>
    mode.get(kind) === 'label' ? { label: typeLabel(kind) } : { type: spelling.get(kind) ?? plan.types[kind] };
}

/** Stops before any write when the token cannot write issues in the repository. */
export async function checkRepositoryAccess(api: GitHubApi, repo: string): Promise<void> {
  let info: Awaited<ReturnType<GitHubApi['getRepository']>>;
  try {
    info = await api.getRepository();
  } catch (error) {
    throw repositoryAccessError(error, repo) ?? error;
  }
  if (!info.hasIssues) {
    throw new SyncError(`Issues are disabled for ${repo}. Enable them in the repository's settings.`, ExitCode.Auth);
  }
  if (info.canPush === false) {
    throw new SyncError(
      `The token can read ${repo} but not write to it. Use a token with the "issues: write" permission.`,
      ExitCode.Auth,
    );
  }
}

/** A colour derived from the name: the same label gets the same colour in every repository. */
export function labelColor(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 6);
}

/** Labels the plan needs that GitHub lacks; listed only when some needed label was not seen on an issue. */
export async function findMissingLabels(
  needed: readonly string[],
  seen: ReadonlySet<string>,
  api: GitHubApi | undefined,
  /** The repository's labels, when their listing was already started. */
  listing?: Promise<string[]>,
): Promise<string[]> {
  const unseen = needed.filter((name) => !seen.has(name.toLowerCase()));
  if (unseen.length === 0 || !api) return unseen;
  const existing = new Set((await (listing ?? api.listLabels())).map((name) => name.toLowerCase()));
  return unseen.filter((name) => !existing.has(name.toLowerCase()));
}

export async function createLabels(api: GitHubApi, names: readonly string[]): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      try {
        await api.createLabel(name, labelColor(name), name === 'planpilot' ? 'Managed by planpilot' : undefined);
      } catch (error) {
        // Another run may have made it a moment ago: that is the outcome we wanted.
        if (statusOf(error) !== 422) throw new Error(`could not create label "${name}": ${describeError(error)}`);
      }
    }),
  );
}

/** Milestone numbers by title, listing only when a needed title was not seen on an issue. */
export async function resolveMilestones(
  needed: readonly string[],
  seen: ReadonlyMap<string, number>,
  api: GitHubApi | undefined,
): Promise<{ numbers: Map<string, number>; missing: string[] }> {
  const numbers = new Map(seen);
  if (needed.some((title) => !numbers.has(title)) && api) {
    for (const milestone of await api.listMilestones()) numbers.set(milestone.title, milestone.number);
  }
  return { numbers, missing: [...new Set(needed.filter((title) => !numbers.has(title)))] };
}

export async function createMilestones(api: GitHubApi, titles: readonly string[], numbers: Map<string, number>) {
  await Promise.all(
    titles.map(async (title) => {
      try {
        numbers.set(title, (await api.createMilestone(title)).number);
      } catch (error) {
        if (statusOf(error) !== 422) throw new Error(`could not create milestone "${title}": ${describeError(error)}`);
        const found = (await api.listMilestones()).find((m) => m.title === title);
        if (!found) throw new Error(`could not create milestone "${title}": ${describeError(error)}`);
        numbers.set(title, found.number);
      }
    }),
  );
}
