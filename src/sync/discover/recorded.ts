/**
 * Issues the plan names by number (`issue: 12`, written by `planpilot import`): an item with no issue found by its
 * marker is that issue. The plan saying so is the evidence, so unlike `adoptUnmarked` no title, author or link has
 * to vouch for it; but an issue that is another item's or another plan's by its marker, a pull request, or a number
 * the repository lacks stops the run before any write (exit 2): creating a second issue, or taking someone else's,
 * would be worse than asking.
 *
 * The adopted issue's body is people's text (it has no marker). Where the import copied it into the plan's body, that
 * text moves into the managed section: every word stays on the issue, once, and from then on the plan owns it; what
 * else a person wrote stays above the section, untouched (see withPeoplesText).
 */
import { UsageError } from '../../errors.js';
import type { RemoteIssue } from '../../github/api.js';
import type { Plan, PlanItem } from '../../plan/index.js';
import { normalizeNewlines, parseBody } from '../body/body.js';
import { adoptUnmarked, type Classified } from './classify.js';
import { readParentsThroughGraphQL } from './parents.js';
import { OfflineRemote, type RemoteReader } from './remote.js';

/**
 * This plan's issues found by `issue:` numbers, then (for the items still without one) those `adoptUnmarked` takes on
 * its evidence. Reads the repository's issues once, only when some item records a number and has no issue yet.
 */
export async function adoptIssues(
  plan: Plan,
  classified: Classified,
  remote: RemoteReader,
  warn: (message: string) => void,
): Promise<Map<string, RemoteIssue>> {
  const recorded = await adoptRecordedIssues(plan, classified, remote, warn);
  if (recorded.size === 0) return adoptUnmarked(plan, classified, warn);
  const taken = new Set([...recorded.values()].map((issue) => issue.number));
  const rest: Plan = { ...plan, items: plan.items.filter((item) => !recorded.has(item.id)) };
  const unmarked = classified.unmarked.filter((issue) => !taken.has(issue.number));
  return new Map([...recorded, ...adoptUnmarked(rest, { ...classified, unmarked }, warn)]);
}

async function adoptRecordedIssues(
  plan: Plan,
  classified: Classified,
  remote: RemoteReader,
  warn: (message: string) => void,
): Promise<Map<string, RemoteIssue>> {
  const adopted = new Map<string, RemoteIssue>();
  const wanted: (PlanItem & { issue: number })[] = [];
  for (const item of plan.items) {
    if (item.issue === undefined) continue;
    const found = classified.byItem.get(item.id);
    if (found === undefined) wanted.push(item as PlanItem & { issue: number });
    else if (found.number !== item.issue) {
      warn(
        `"${item.id}" records issue #${item.issue}, but #${found.number} carries its marker: #${found.number} is ` +
          `synced. Change "issue: ${item.issue}" to ${found.number}, or remove it.`,
      );
    }
  }
  if (wanted.length === 0) return adopted;
  if (remote instanceof OfflineRemote) {
    warn(
      `offline: the ${wanted.length} issue: number(s) of the plan are not checked; this preview shows those items ` +
        'as created, a real sync adopts the issues.',
    );
    return adopted;
  }

  const byNumber = new Map((await remote.listAllIssues()).map((issue) => [issue.number, issue]));
  const holders = new Map<number, string>();
  for (const [itemId, issue] of classified.byItem) holders.set(issue.number, `item "${itemId}" of this plan`);
  for (const [planId, items] of classified.otherPlans) {
    for (const [itemId, issue] of items) holders.set(issue.number, `item "${itemId}" of plan "${planId}"`);
  }
  const problems: string[] = [];
  for (const item of wanted) {
    const issue = byNumber.get(item.issue);
    const holder = holders.get(item.issue) ?? otherMarker(issue, plan);
    if (!issue) {
      problems.push(
        `"${item.id}" records issue #${item.issue}, which is not an issue of this repository (a pull request, or deleted)`,
      );
    } else if (holder !== undefined) {
      problems.push(`"${item.id}" records issue #${item.issue}, but its marker says it is ${holder}`);
    } else {
      adopted.set(item.id, withPeoplesText(issue, item));
    }
  }
  if (problems.length > 0) {
    throw new UsageError(
      `${problems.join('; ')}. Nothing was changed: correct or remove those issue: lines (without one, the item ` +
        'gets an issue of its own).',
    );
  }
  await readParentsThroughGraphQL(remote, [...adopted.values()]);
  const numbers = [...adopted.values()].map((issue) => `#${issue.number}`);
  const shown = numbers.length > 8 ? `${numbers.slice(0, 8).join(', ')}, …` : numbers.join(', ');
  warn(
    `${adopted.size} issue(s) named by the plan's issue: numbers are adopted (${shown}): they get the managed ` +
      "label and a managed section; people's text stays.",
  );
  return adopted;
}

/** A marker of another plan, or of this plan for an item it no longer has, that classification did not list. */
function otherMarker(issue: RemoteIssue | undefined, plan: Plan): string | undefined {
  const identity = parseBody(issue?.body).identity;
  if (!identity) return undefined;
  return identity.plan === plan.id
    ? `item "${identity.item}" of this plan`
    : `item "${identity.item}" of plan "${identity.plan}"`;
}

/**
 * The issue as the diff should see it, by how its text relates to the plan's body: when the plan's body begins with
 * the whole text (the import copied it, perhaps with a checklist after it), the text is the plan's now and no
 * people's text is left; when the text begins with the plan's body (a person wrote more after the import), only what
 * they added is people's text, kept above the section; otherwise the whole text is. Every word stays, once.
 */
function withPeoplesText(issue: RemoteIssue, item: PlanItem): RemoteIssue {
  const text = normalizeNewlines(issue.body).trim();
  const planned = normalizeNewlines(item.body).trim();
  if (text === '' || planned === '') return issue;
  if (planned.startsWith(text)) return { ...issue, body: '' };
  if (text.startsWith(planned)) return { ...issue, body: text.slice(planned.length).trim() };
  return issue;
}
