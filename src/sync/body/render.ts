/** What planpilot writes in an item's managed section: the plan's body, then links to its relatives by number. */
import type { PlanItem } from '../../plan/index.js';
import { neutralizeMarkers, normalizeNewlines } from './body.js';

/** Issue number of an item, or undefined while it has none (not created yet, or failed). */
export type NumberOf = (itemId: string) => number | undefined;

export interface RenderContext {
  numberOf: NumberOf;
  childrenOf: (itemId: string) => readonly string[];
}

/**
 * Deterministic: the same plan and numbers always give the same text, so an unchanged plan writes nothing.
 * Items without a number yet are left out; the enrich phase renders again once every number is known.
 */
export function renderSection(item: PlanItem, context: RenderContext): string {
  const parts: string[] = [];
  const body = neutralizeMarkers(normalizeNewlines(item.body)).trim();
  if (body) parts.push(body);

  const links: string[] = [];
  const parent = item.parent === undefined ? undefined : context.numberOf(item.parent);
  if (parent !== undefined) links.push(`**Parent:** #${parent}`);
  const blockers = numbers(item.dependsOn, context.numberOf);
  if (blockers.length > 0) links.push(`**Blocked by:** ${blockers.map((n) => `#${n}`).join(', ')}`);
  const children = numbers(context.childrenOf(item.id), context.numberOf);
  if (children.length > 0) links.push(`**Sub-issues:**\n${children.map((n) => `- [ ] #${n}`).join('\n')}`);
  if (links.length > 0) parts.push(`${body ? '---\n' : ''}${links.join('\n\n')}`);
  return parts.join('\n\n');
}

function numbers(ids: readonly string[], numberOf: NumberOf): number[] {
  return ids.map(numberOf).filter((n): n is number => n !== undefined);
}
