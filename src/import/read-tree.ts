/**
 * Reads the tree `planpilot import` turns into a plan: the selected issues, their sub-issues level by level (parallel
 * within a level, through the one client's p-limit), and the blocked-by links of every issue that has any. Only GET
 * requests; an issue's summaries say where there is nothing to list, so a leaf costs no request of its own.
 */
import { UsageError } from '../errors.js';
import type { TreeApi, TreeIssue } from '../github/tree-api.js';
import type { LeftOut } from './model.js';

export type Selection = { issues: number[] } | { label: string } | { milestone: string };

export interface IssueTree {
  /** Every issue of the tree (this repository, no pull requests), by number. */
  nodes: Map<number, TreeIssue>;
  /** The top issues, in the order given or listed. */
  roots: number[];
  /** Sub-issues of each issue, in GitHub's order, only those in `nodes`. */
  children: Map<number, number[]>;
  /** Blocked-by issues of each issue, as GitHub lists them (any repository). */
  blockedBy: Map<number, TreeIssue[]>;
  leftOut: LeftOut[];
  /** How the issues were chosen, in words: `label "roadmap"`, `issues #1, #7`. */
  described: string;
}

/** GitHub nests sub-issues at most 8 levels deep; a deeper answer would be a loop. */
const MAX_LEVELS = 8;

export async function readIssueTree(api: TreeApi, selection: Selection): Promise<IssueTree> {
  const leftOut: LeftOut[] = [];
  const nodes = new Map<number, TreeIssue>();
  let selected: TreeIssue[];
  let described: string;
  if ('issues' in selection) {
    described = `issue${selection.issues.length === 1 ? '' : 's'} ${selection.issues.map((n) => `#${n}`).join(', ')}`;
    selected = await Promise.all(selection.issues.map((number) => getNamedIssue(api, number)));
  } else if ('label' in selection) {
    described = `label "${selection.label}"`;
    selected = await api.listSelection({ labels: selection.label });
  } else {
    described = `milestone "${selection.milestone}"`;
    selected = await api.listSelection({ milestone: await milestoneNumber(api, selection.milestone) });
  }
  for (const issue of selected) {
    if (issue.pullRequest) leftOut.push({ number: issue.number, reason: 'pull request', title: issue.title });
    else nodes.set(issue.number, issue);
  }
  // Roots are the selected issues whose parent is not selected; the others are found again under their parents.
  const roots = [...nodes.values()]
    .filter((issue) => issue.parentNumber == null || !nodes.has(issue.parentNumber))
    .map((issue) => issue.number);
  const children = new Map<number, number[]>();
  let level = [...roots];
  for (let depth = 1; level.length > 0 && depth <= MAX_LEVELS; depth += 1) {
    const lists = await Promise.all(
      level.map(async (number) => {
        const count = nodes.get(number)?.subIssueCount;
        return { number, subIssues: count === 0 ? [] : await api.listTreeSubIssues(number) };
      }),
    );
    const next: number[] = [];
    for (const { number, subIssues } of lists) {
      const kept: number[] = [];
      for (const child of subIssues) {
        if (child.repository !== api.repository) {
          leftOut.push({
            number: child.number,
            repo: child.repository,
            reason: 'sub-issue in another repository',
            from: number,
            title: child.title,
          });
          continue;
        }
        // A named issue that sits under another named one is found here too; it is placed once, under its parent.
        const root = roots.indexOf(child.number);
        if (root !== -1) roots.splice(root, 1);
        if (kept.includes(child.number)) continue;
        kept.push(child.number);
        if (!nodes.has(child.number)) nodes.set(child.number, child);
        if (!children.has(child.number)) next.push(child.number);
      }
      children.set(number, kept);
    }
    level = next;
  }

  const blockedLists = await Promise.all(
    [...nodes.values()]
      .filter((issue) => issue.dependencies === undefined || issue.dependencies.blockedBy > 0)
      .map(async (issue) => ({ number: issue.number, blockers: await api.listTreeBlockedBy(issue.number) })),
  );
  const blockedBy = new Map(blockedLists.map(({ number, blockers }) => [number, blockers]));
  return { nodes, roots, children, blockedBy, leftOut, described };
}

async function getNamedIssue(api: TreeApi, number: number): Promise<TreeIssue> {
  try {
    return await api.getTreeIssue(number);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 410) {
      throw new UsageError(`#${number} is not an issue of ${api.repository} (GitHub answered ${status}).`);
    }
    throw error;
  }
}

async function milestoneNumber(api: TreeApi, title: string): Promise<number> {
  const milestones = await api.listMilestones();
  const found =
    milestones.find((m) => m.title === title) ?? milestones.find((m) => m.title.toLowerCase() === title.toLowerCase());
  if (!found) {
    const known = milestones.map((m) => `"${m.title}"`).join(', ') || 'none';
    throw new UsageError(`No milestone "${title}" in ${api.repository} (its milestones: ${known}).`);
  }
  return found.number;
}
