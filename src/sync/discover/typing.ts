/** How each kind is typed: an issue type when the repository offers it, else a `type:<kind>` label. */
import type { RemoteIssue } from '../../github/api.js';
import type { ItemKind, Plan } from '../../plan/index.js';
import type { RemoteReader } from './remote.js';

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
  remote: RemoteReader,
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
  if ([...kinds].some((kind) => !mode.has(kind))) {
    const available = await remote.listIssueTypes();
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
