/**
 * Pure: an issue tree as read from GitHub becomes a plan draft (nested form) and the report of what it did not carry.
 *
 * Levels: a plan has three (epics, stories, tasks), GitHub up to eight. Every root is an epic, its sub-issues
 * stories, theirs tasks: the place in the tree decides, not the issue type, because a plan cannot hold a story
 * without an epic and wrapping one in a new epic would make the first sync create an issue. Issues below a task are
 * folded into the task's body as a checklist of links (`- [ ] #45 Title`, indented per level, ticked when closed)
 * and reported; they and their links stay on GitHub as they are (sync never unlinks an issue the plan does not hold).
 *
 * Types: a plan types by kind (`types:`). Each kind takes the type most of its issues have; an issue typed otherwise
 * is reported, because the first sync gives it its kind's type.
 */
import type { ItemKind } from '../plan/index.js';
import { PLAN_BODY_MAX } from '../plan/schema.js';
import { parseBody } from '../sync/body/body.js';
import { IdAllocator } from './ids.js';
import type { Folded, ImportSummary, LeftOut } from './model.js';
import type { ProjectValues } from './project-values.js';
import type { IssueTree } from './read-tree.js';

export interface DraftItem {
  id: string;
  kind: ItemKind;
  number: number;
  closed: boolean;
  title: string;
  labels: string[];
  assignees: string[];
  milestone?: string;
  /** Projects v2 values, with `--project`. */
  fields?: Record<string, string | number>;
  dependsOn: string[];
  body: string;
  children: DraftItem[];
}

export interface DraftPlan {
  id: string;
  repo: string;
  /** Labels every item has: written once, plan-wide. */
  labels: string[];
  types: Partial<Record<ItemKind, string>>;
  project?: { url: string };
  epics: DraftItem[];
}

const KIND_AT_DEPTH: ItemKind[] = ['epic', 'story', 'task'];
const DEFAULT_TYPES: Record<ItemKind, string> = { epic: 'Epic', story: 'Story', task: 'Task' };

export function buildDraft(
  tree: IssueTree,
  options: { planId: string; repo: string; project?: { url: string; values: ProjectValues } },
): { draft: DraftPlan; summary: ImportSummary } {
  const ids = new IdAllocator();
  const items: DraftItem[] = [];
  const byNumber = new Map<number, DraftItem>();
  const folded: Folded[] = [];
  const warnings: string[] = [];
  const leftOut: LeftOut[] = [...tree.leftOut];

  const place = (number: number, depth: number): DraftItem => {
    const issue = tree.nodes.get(number)!;
    const item: DraftItem = {
      id: ids.idFor(issue.title, number),
      kind: KIND_AT_DEPTH[depth]!,
      number,
      closed: issue.state === 'closed',
      title: issue.title,
      labels: [...new Set(issue.labels)],
      assignees: issue.assignees,
      ...(issue.milestone ? { milestone: issue.milestone.title } : {}),
      ...(options.project?.values.byIssueId.has(issue.id)
        ? { fields: options.project.values.byIssueId.get(issue.id)! }
        : {}),
      dependsOn: [],
      body: issue.body.replace(/\r\n?/g, '\n').trimEnd(),
      children: [],
    };
    items.push(item);
    byNumber.set(number, item);
    const marker = parseBody(issue.body).identity;
    if (marker) {
      warnings.push(
        `#${number} is planpilot's already (item "${marker.item}" of plan "${marker.plan}"): a sync of this plan ` +
          `stops on it (exit 2) unless the plan is "${marker.plan}" and the item's id "${marker.item}"; sync that ` +
          'plan instead, or remove the marker from the issue.',
      );
    }
    const kids = tree.children.get(number) ?? [];
    if (item.kind === 'task') {
      const lines = foldBelow(tree, kids, 1, item, folded);
      if (lines.length > 0) {
        item.body = [
          item.body,
          `**Sub-issues below this task** (kept on GitHub; folded here by planpilot import):\n${lines.join('\n')}`,
        ]
          .filter(Boolean)
          .join('\n\n');
      }
    } else {
      item.children = kids.map((kid) => place(kid, depth + 1));
    }
    if (item.body.length > PLAN_BODY_MAX) {
      warnings.push(
        `#${number}'s body is longer than a plan's ${PLAN_BODY_MAX.toLocaleString('en')} characters: it is left out ` +
          "of the plan and stays on the issue as people's text.",
      );
      item.body = '';
    }
    return item;
  };
  const epics = tree.roots.map((root) => place(root, 0));

  for (const item of items) {
    for (const blocker of tree.blockedBy.get(item.number) ?? []) {
      const target = byNumber.get(blocker.number);
      const left = (reason: LeftOut['reason'], repo?: string) =>
        leftOut.push({
          number: blocker.number,
          ...(repo ? { repo } : {}),
          reason,
          from: item.number,
          title: blocker.title,
        });
      if (blocker.pullRequest) left('dependency on a pull request');
      else if (blocker.repository !== options.repo.toLowerCase())
        left('dependency in another repository', blocker.repository);
      else if (target) item.dependsOn.push(target.id);
      else if (tree.nodes.has(blocker.number)) left('dependency on a folded issue');
      else left('dependency outside the imported issues');
    }
  }
  for (const cut of breakCycles(items)) {
    leftOut.push({ number: cut.to.number, reason: 'dependency cycle', from: cut.from.number, title: cut.to.title });
    warnings.push(
      `#${cut.from.number} and #${cut.to.number} block each other in a cycle, which a plan cannot hold: ` +
        `"${cut.from.id}" does not depend on "${cut.to.id}" in the plan, and the first sync removes that link.`,
    );
  }

  const labels = items.length > 1 ? commonLabels(items) : [];
  for (const item of items) item.labels = item.labels.filter((l) => !labels.includes(l));
  const types = chooseTypes(tree, items, warnings);
  const draft: DraftPlan = { id: options.planId, repo: options.repo, labels, types, epics };
  if (options.project) {
    draft.project = { url: options.project.url };
    warnings.push(...options.project.values.warnings);
    const onBoard = options.project.values.onBoard;
    const missing = items.filter((item) => !onBoard.has(tree.nodes.get(item.number)!.id)).map((i) => `#${i.number}`);
    if (missing.length > 0) {
      warnings.push(
        `${missing.length} imported issue(s) are not on the project (${missing.slice(0, 8).join(', ')}` +
          `${missing.length > 8 ? ', …' : ''}): the first sync adds them to it.`,
      );
    }
  }
  const count = (kind: ItemKind) => items.filter((item) => item.kind === kind).length;
  const summary: ImportSummary = {
    repo: options.repo,
    plan: options.planId,
    selection: tree.described,
    items: items.map(({ id, kind, number, title }) => ({ id, kind, number, title })),
    epics: count('epic'),
    stories: count('story'),
    tasks: count('task'),
    dependencies: items.reduce((sum, item) => sum + item.dependsOn.length, 0),
    folded,
    leftOut,
    warnings,
  };
  return { draft, summary };
}

/** Checklist lines for the issues below a task, depth first, indented two spaces a level. */
function foldBelow(tree: IssueTree, numbers: number[], level: number, task: DraftItem, folded: Folded[]): string[] {
  return numbers.flatMap((number) => {
    const issue = tree.nodes.get(number)!;
    folded.push({ number, title: issue.title, into: task.id, intoNumber: task.number, level });
    const line = `${'  '.repeat(level - 1)}- [${issue.state === 'closed' ? 'x' : ' '}] #${number} ${issue.title}`;
    return [line, ...foldBelow(tree, tree.children.get(number) ?? [], level + 1, task, folded)];
  });
}

function commonLabels(items: DraftItem[]): string[] {
  const [first, ...rest] = items;
  return (first?.labels ?? []).filter((label) => rest.every((item) => item.labels.includes(label)));
}

/** Each kind's type: the one most of its issues have (ties: the first seen); `types:` names it when not the default. */
function chooseTypes(tree: IssueTree, items: DraftItem[], warnings: string[]): Partial<Record<ItemKind, string>> {
  const types: Partial<Record<ItemKind, string>> = {};
  for (const kind of KIND_AT_DEPTH) {
    const ofKind = items.filter((item) => item.kind === kind);
    const counts = new Map<string, number>();
    for (const item of ofKind) {
      const type = tree.nodes.get(item.number)?.type;
      if (typeof type === 'string') counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    let chosen: string | undefined;
    for (const [type, n] of counts) if (chosen === undefined || n > (counts.get(chosen) ?? 0)) chosen = type;
    if (chosen === undefined) continue;
    if (chosen.toLowerCase() !== DEFAULT_TYPES[kind].toLowerCase()) types[kind] = chosen;
    const other = ofKind.filter((item) => {
      const type = tree.nodes.get(item.number)?.type;
      return typeof type === 'string' && type !== chosen;
    });
    if (other.length > 0) {
      const shown = other.map((item) => `#${item.number} (${tree.nodes.get(item.number)?.type})`).join(', ');
      warnings.push(
        `the ${kind === 'story' ? 'stories' : `${kind}s`} are typed ${chosen}, but ${shown} ${other.length === 1 ? 'is' : 'are'} ` +
          `typed otherwise: a plan types by kind, so the first sync makes ${other.length === 1 ? 'it' : 'them'} ${chosen}.`,
      );
    }
  }
  return types;
}

/** Removes the edges that close dependency cycles (depth first, in plan order), returning them. */
function breakCycles(items: DraftItem[]): { from: DraftItem; to: DraftItem }[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const state = new Map<string, 'active' | 'done'>();
  const cuts: { from: DraftItem; to: DraftItem }[] = [];
  const visit = (item: DraftItem) => {
    state.set(item.id, 'active');
    for (const dep of [...item.dependsOn]) {
      const target = byId.get(dep)!;
      const seen = state.get(dep);
      if (seen === 'active') {
        item.dependsOn = item.dependsOn.filter((d) => d !== dep);
        cuts.push({ from: item, to: target });
      } else if (seen === undefined) visit(target);
    }
    state.set(item.id, 'done');
  };
  for (const item of items) if (!state.has(item.id)) visit(item);
  return cuts;
}
