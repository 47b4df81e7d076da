/** Sub-issues and blocked-by links, with GitHub's rules. Ids in, records out; FakeState supplies the lookups. */
import { notFound, unprocessable } from './errors.js';
import type { IssueRecord } from './records.js';

/** GitHub's documented limits: 100 sub-issues per parent (closed ones count), 8 levels of nesting. */
export const MAX_SUB_ISSUES = 100;
export const MAX_SUB_ISSUE_DEPTH = 8;

const SUB_ISSUE_ERROR = 'An error occurred while adding the sub-issue to the parent issue.';
const subIssueRefused = (reason: string) => unprocessable(`${SUB_ISSUE_ERROR} ${reason}`);

export interface SubIssuesSummary {
  total: number;
  completed: number;
  percent_completed: number;
}

export interface DependenciesSummary {
  blocked_by: number;
  blocking: number;
  total_blocked_by: number;
  total_blocking: number;
}

export abstract class RelationStore {
  abstract issueById(id: number): IssueRecord | undefined;
  abstract requireIssue(owner: string, repo: string, number: number): IssueRecord;
  abstract touch(issue: IssueRecord): void;

  private records(ids: readonly number[]): IssueRecord[] {
    return ids.map((id) => this.issueById(id)).filter((issue): issue is IssueRecord => issue !== undefined);
  }

  // ---- sub-issues ----

  subIssuesOf(owner: string, repo: string, number: number): IssueRecord[] {
    return this.records(this.requireIssue(owner, repo, number).subIssueIds);
  }

  parentOf(owner: string, repo: string, number: number): IssueRecord | undefined {
    const { parentId } = this.requireIssue(owner, repo, number);
    return parentId === null ? undefined : this.issueById(parentId);
  }

  /** As a person would in the UI, by numbers in one repository. */
  addSubIssue(
    owner: string,
    repo: string,
    parentNumber: number,
    childNumber: number,
    options: { replaceParent?: boolean } = {},
  ): IssueRecord {
    const child = this.requireIssue(owner, repo, childNumber);
    return this.linkSubIssue(this.requireIssue(owner, repo, parentNumber), child.id, options.replaceParent ?? false);
  }

  removeSubIssue(owner: string, repo: string, parentNumber: number, childNumber: number): IssueRecord {
    const child = this.requireIssue(owner, repo, childNumber);
    return this.unlinkSubIssue(this.requireIssue(owner, repo, parentNumber), child.id);
  }

  /** Links `childId` under `parent`; returns the child. Throws GitHub's 422 for each rule it breaks. */
  linkSubIssue(parent: IssueRecord, childId: number, replaceParent: boolean): IssueRecord {
    const child = this.issueById(childId);
    if (!child) throw subIssueRefused('Sub issue does not exist');
    if (child.pullRequest) throw subIssueRefused('Pull requests cannot be sub-issues');
    if (child.owner.toLowerCase() !== parent.owner.toLowerCase()) {
      throw subIssueRefused('Sub issue must belong to the same repository owner as the parent issue');
    }
    if (child.id === parent.id) throw subIssueRefused('Issue cannot be a sub-issue of itself');
    if (child.parentId === parent.id) throw subIssueRefused('Issue may not contain duplicate sub-issues');
    if (child.parentId !== null && !replaceParent) throw subIssueRefused('Sub issue may only have one parent');
    if (this.isDescendant(parent, child)) throw subIssueRefused('Sub issue cannot be an ancestor of the parent issue');
    if (parent.subIssueIds.length >= MAX_SUB_ISSUES) {
      throw subIssueRefused(`Parent issue cannot have more than ${MAX_SUB_ISSUES} sub-issues`);
    }
    if (this.depthOf(parent) + this.heightOf(child) > MAX_SUB_ISSUE_DEPTH) {
      throw subIssueRefused(`Sub issue hierarchy cannot be more than ${MAX_SUB_ISSUE_DEPTH} levels deep`);
    }
    const previous = child.parentId === null ? undefined : this.issueById(child.parentId);
    if (previous) {
      previous.subIssueIds = previous.subIssueIds.filter((id) => id !== child.id);
      this.touch(previous);
    }
    parent.subIssueIds.push(child.id);
    child.parentId = parent.id;
    this.touch(parent);
    this.touch(child);
    return child;
  }

  unlinkSubIssue(parent: IssueRecord, childId: number): IssueRecord {
    const child = this.issueById(childId);
    if (!child || child.parentId !== parent.id) throw notFound();
    parent.subIssueIds = parent.subIssueIds.filter((id) => id !== childId);
    child.parentId = null;
    this.touch(parent);
    this.touch(child);
    return child;
  }

  /** True when `candidate` sits somewhere below `ancestor`. */
  private isDescendant(candidate: IssueRecord, ancestor: IssueRecord): boolean {
    let current = candidate.parentId === null ? undefined : this.issueById(candidate.parentId);
    while (current) {
      if (current.id === ancestor.id) return true;
      current = current.parentId === null ? undefined : this.issueById(current.parentId);
    }
    return false;
  }

  /** Levels from the root down to `issue`, counting both: a root is at depth 1. */
  private depthOf(issue: IssueRecord): number {
    let depth = 1;
    let current = issue;
    while (current.parentId !== null) {
      const parent = this.issueById(current.parentId);
      if (!parent) break;
      depth += 1;
      current = parent;
    }
    return depth;
  }

  /** Levels in the subtree under and including `issue`: a leaf has height 1. */
  private heightOf(issue: IssueRecord): number {
    const children = this.records(issue.subIssueIds);
    return 1 + Math.max(0, ...children.map((child) => this.heightOf(child)));
  }

  subIssuesSummary(issue: IssueRecord): SubIssuesSummary {
    const children = this.records(issue.subIssueIds);
    const completed = children.filter((child) => child.state === 'closed').length;
    const total = children.length;
    return { total, completed, percent_completed: total === 0 ? 0 : Math.floor((completed / total) * 100) };
  }

  // ---- dependencies ----

  blockedBy(owner: string, repo: string, number: number): IssueRecord[] {
    return this.records(this.requireIssue(owner, repo, number).blockedByIds);
  }

  blocking(owner: string, repo: string, number: number): IssueRecord[] {
    return this.records(this.requireIssue(owner, repo, number).blockingIds);
  }

  /** As a person would in the UI: issue `number` becomes blocked by issue `blockerNumber`. */
  addBlockedBy(owner: string, repo: string, number: number, blockerNumber: number): IssueRecord {
    const blocker = this.requireIssue(owner, repo, blockerNumber);
    return this.linkBlockedBy(this.requireIssue(owner, repo, number), blocker.id);
  }

  removeBlockedBy(owner: string, repo: string, number: number, blockerNumber: number): IssueRecord {
    const blocker = this.requireIssue(owner, repo, blockerNumber);
    return this.unlinkBlockedBy(this.requireIssue(owner, repo, number), blocker.id);
  }

  /** Returns the blocking issue, as the REST endpoint does. */
  linkBlockedBy(issue: IssueRecord, blockerId: number): IssueRecord {
    const blocker = this.issueById(blockerId);
    if (!blocker || blocker.pullRequest) throw unprocessable('The blocking issue could not be found');
    if (blocker.id === issue.id) throw unprocessable('An issue cannot be blocked by itself');
    if (issue.blockedByIds.includes(blocker.id)) throw unprocessable('This issue is already blocked by that issue');
    issue.blockedByIds.push(blocker.id);
    blocker.blockingIds.push(issue.id);
    this.touch(issue);
    this.touch(blocker);
    return blocker;
  }

  unlinkBlockedBy(issue: IssueRecord, blockerId: number): IssueRecord {
    const blocker = this.issueById(blockerId);
    if (!blocker || !issue.blockedByIds.includes(blockerId)) throw notFound();
    issue.blockedByIds = issue.blockedByIds.filter((id) => id !== blockerId);
    blocker.blockingIds = blocker.blockingIds.filter((id) => id !== issue.id);
    this.touch(issue);
    this.touch(blocker);
    return blocker;
  }

  /** `blocked_by` and `blocking` count open issues; the totals count all. */
  dependenciesSummary(issue: IssueRecord): DependenciesSummary {
    const blockedBy = this.records(issue.blockedByIds);
    const blocking = this.records(issue.blockingIds);
    const open = (issues: IssueRecord[]) => issues.filter((other) => other.state === 'open').length;
    return {
      blocked_by: open(blockedBy),
      blocking: open(blocking),
      total_blocked_by: blockedBy.length,
      total_blocking: blocking.length,
    };
  }
}
