/** Checks that need the whole plan: unique ids, parents and dependencies that exist and fit, no dependency cycle. */
import type { LocatedItem } from './build-model.js';
import type { Diagnostic } from './diagnostics.js';
import type { ItemKind } from './model.js';
import { SUB_ISSUES_MAX } from './schema.js';
import { didYouMean } from './validate-schema.js';
import type { YamlSource } from './yaml-source.js';

const PARENT_KIND: Record<ItemKind, ItemKind | undefined> = { epic: undefined, story: 'epic', task: 'story' };

export function checkGraph(source: YamlSource, located: readonly LocatedItem[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map<string, LocatedItem>();
  // In file order (the model lists epics, then stories, then tasks): the later of two is the duplicate.
  const position = (entry: LocatedItem) => source.locate([...entry.path, 'id']);
  const inFileOrder = located
    .map((entry) => ({ entry, at: position(entry) }))
    .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column)
    .map(({ entry }) => entry);
  for (const entry of inFileOrder) {
    const first = byId.get(entry.item.id);
    if (first) {
      const { line } = source.locate([...first.path, 'id']);
      diagnostics.push(
        source.diagnostic([...entry.path, 'id'], `duplicate id "${entry.item.id}" (first used on line ${line})`),
      );
    } else {
      byId.set(entry.item.id, entry);
    }
  }
  const ids = [...byId.keys()];

  const children = new Map<string, number>();
  for (const { item, path, explicitParent } of located) {
    if (item.parent === undefined) continue;
    children.set(item.parent, (children.get(item.parent) ?? 0) + 1);
    if (!explicitParent) continue;
    const parent = byId.get(item.parent);
    const at = [...path, 'parent'];
    if (!parent) {
      diagnostics.push(
        source.diagnostic(at, `parent "${item.parent}" is not an item of this plan${didYouMean(item.parent, ids)}`),
      );
    } else if (parent.item.kind !== PARENT_KIND[item.kind]) {
      diagnostics.push(
        source.diagnostic(
          at,
          `a ${item.kind}'s parent must be ${article(PARENT_KIND[item.kind])}, but "${item.parent}" is ${article(parent.item.kind)}`,
        ),
      );
    }
  }
  for (const [parentId, count] of children) {
    const parent = byId.get(parentId);
    if (parent && count > SUB_ISSUES_MAX) {
      diagnostics.push(
        source.diagnostic(
          [...parent.path, 'id'],
          `"${parentId}" has ${count} children; GitHub allows at most ${SUB_ISSUES_MAX} sub-issues per issue`,
        ),
      );
    }
  }

  for (const { item, path } of located) {
    item.dependsOn.forEach((dep, index) => {
      const at = [...path, 'depends_on', index];
      if (dep === item.id) diagnostics.push(source.diagnostic(at, `"${item.id}" depends on itself`));
      else if (!byId.has(dep))
        diagnostics.push(
          source.diagnostic(at, `depends_on "${dep}" is not an item of this plan${didYouMean(dep, ids)}`),
        );
    });
  }
  diagnostics.push(...checkPreviousIds(source, located, byId));
  diagnostics.push(...checkIssueNumbers(source, located));
  diagnostics.push(...findCycles(source, byId));
  return diagnostics;
}

/** A previous id names one issue: it may not be a current item's id, nor be claimed by two items. */
function checkPreviousIds(
  source: YamlSource,
  located: readonly LocatedItem[],
  byId: ReadonlyMap<string, LocatedItem>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const claimedBy = new Map<string, string>();
  for (const { item, path } of located) {
    item.previousIds.forEach((previous, index) => {
      const at = [...path, 'previous_ids', index];
      const other = claimedBy.get(previous);
      if (byId.has(previous)) {
        diagnostics.push(
          source.diagnostic(
            at,
            `previous id "${previous}" is the id of an item of this plan; a previous id must be free`,
          ),
        );
      } else if (other !== undefined && other !== item.id) {
        diagnostics.push(source.diagnostic(at, `previous id "${previous}" is also claimed by "${other}"`));
      } else {
        claimedBy.set(previous, item.id);
      }
    });
  }
  return diagnostics;
}

/** An issue is one item's: two items recording one `issue:` number would make sync adopt it twice. */
function checkIssueNumbers(source: YamlSource, located: readonly LocatedItem[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const claimedBy = new Map<number, string>();
  for (const { item, path } of located) {
    if (item.issue === undefined) continue;
    const other = claimedBy.get(item.issue);
    if (other !== undefined) {
      diagnostics.push(source.diagnostic([...path, 'issue'], `issue ${item.issue} is also recorded by "${other}"`));
    } else {
      claimedBy.set(item.issue, item.id);
    }
  }
  return diagnostics;
}

/** Iterative depth-first search; each back edge closes a cycle, printed as `a -> b -> c -> a`. */
function findCycles(source: YamlSource, byId: Map<string, LocatedItem>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const state = new Map<string, 'active' | 'done'>();
  for (const start of byId.keys()) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = byId.get(frame.id)!.item.dependsOn;
      if (frame.next >= deps.length) {
        state.set(frame.id, 'done');
        stack.pop();
        continue;
      }
      const index = frame.next++;
      const dep = deps[index]!;
      if (dep === frame.id || !byId.has(dep)) continue;
      const seen = state.get(dep);
      if (seen === undefined) {
        state.set(dep, 'active');
        stack.push({ id: dep, next: 0 });
      } else if (seen === 'active') {
        const from = stack.findIndex((f) => f.id === dep);
        const cycle = [...stack.slice(from).map((f) => f.id), dep].join(' -> ');
        const at = [...byId.get(frame.id)!.path, 'depends_on', index];
        diagnostics.push(source.diagnostic(at, `dependency cycle: ${cycle}`));
      }
    }
  }
  return diagnostics;
}

function article(kind: ItemKind | undefined): string {
  return kind === 'epic' ? 'an epic' : `a ${kind ?? 'top-level item'}`;
}
