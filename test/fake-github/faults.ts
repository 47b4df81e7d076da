/** Deterministic fault injection: rules matched by method and route, decided by a seeded PRNG. */
import type { FaultKind, FaultRule } from './types.js';

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export interface FaultDecision {
  kind: FaultKind;
  retryAfter?: number;
}

export class FaultInjector {
  private rules: RuleState[] = [];

  constructor(
    private readonly random: () => number,
    rules: FaultRule[] = [],
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
  }

  /** The first rule that matches and fires decides; `template` is e.g. 'POST /repos/{owner}/{repo}/issues'. */
  decide(method: string, path: string, template: string): FaultDecision | undefined {
    for (const state of this.rules) {
      const { rule } = state;
      if (!matches(rule, method, path, template)) continue;
      state.seen += 1;
      if (state.seen <= (rule.skip ?? 0)) continue;
      if (rule.count !== undefined && state.fired >= rule.count) continue;
      if (this.random() >= (rule.rate ?? 1)) continue;
      state.fired += 1;
      return rule.retryAfter === undefined ? { kind: rule.kind } : { kind: rule.kind, retryAfter: rule.retryAfter };
    }
    return undefined;
  }
}

function matches(rule: FaultRule, method: string, path: string, template: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.route === undefined) return true;
  if (rule.route instanceof RegExp) return rule.route.test(path);
  return rule.route === template || rule.route === template.replace(/^[A-Z]+ /, '') || rule.route === path;
}

/** Parses the CLI's `kind[:rate]` form, e.g. `status502:0.1`. */
export function parseFaultSpec(spec: string): FaultRule {
  const [kind, rate, route] = spec.split(':');
  const kinds: FaultKind[] = [
    'status500',
    'status502',
    'status503',
    'timeout',
    'drop',
    'applied-then-502',
    'stall',
    'secondary-403',
    'secondary-429',
    'primary-limit',
    'malformed-200',
  ];
  if (!kinds.includes(kind as FaultKind)) throw new Error(`unknown fault kind "${kind}" (one of ${kinds.join(', ')})`);
  const rule: FaultRule = { kind: kind as FaultKind };
  if (rate) rule.rate = Number(rate);
  if (route) rule.route = new RegExp(route);
  return rule;
}
