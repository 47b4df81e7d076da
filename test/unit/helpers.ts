/** Hand-built inputs for the unit tests of the pure core. */
import type { RemoteIssue } from '../../src/github/api.js';
import { type Plan, type PlanItem, parsePlan } from '../../src/plan/index.js';

export function remoteIssue(overrides: Partial<RemoteIssue> & { number: number }): RemoteIssue {
  return {
    id: 1000 + overrides.number,
    nodeId: `I_${overrides.number}`,
    title: `Issue ${overrides.number}`,
    body: '',
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    milestone: null,
    type: undefined,
    url: `https://github.com/acme/shop/issues/${overrides.number}`,
    createdAt: '2026-01-01T00:00:00Z',
    author: 'planpilot-bot',
    parentNumber: null,
    dependencies: undefined,
    ...overrides,
  };
}

/** Parses a plan given as the YAML after `version: 1` and `id: <id>`. */
export function plan(yaml: string, id = 'demo'): Plan {
  return parsePlan(`version: 1\nid: ${id}\n${yaml}`, 'unit.yaml');
}

export function itemOf(p: Plan, id: string): PlanItem {
  const item = p.items.find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id} in the plan`);
  return item;
}
