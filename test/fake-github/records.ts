/** The records the fake keeps. Times are epoch milliseconds; names of related things are resolved when serialised. */

export interface UserRecord {
  login: string;
  id: number;
  nodeId: string;
  type: 'User' | 'Organization' | 'Bot';
}

export interface LabelRecord {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface MilestoneRecord {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  description: string | null;
  dueOn: number | null;
  creator: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export const ISSUE_TYPE_COLORS = ['gray', 'blue', 'green', 'yellow', 'orange', 'red', 'pink', 'purple'] as const;
export type IssueTypeColor = (typeof ISSUE_TYPE_COLORS)[number];

export interface IssueTypeRecord {
  id: number;
  nodeId: string;
  name: string;
  description: string | null;
  color: IssueTypeColor | null;
  isEnabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate';

export interface IssueStateEvent {
  id: number;
  event: 'closed' | 'reopened';
  actor: string;
  stateReason: StateReason | null;
  at: number;
}

export interface IssueRecord {
  /** Global integer id, what sub_issue_id and issue_id take; never equal to the number. */
  id: number;
  nodeId: string;
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason | null;
  /** Label ids, in the order they were applied. */
  labelIds: number[];
  assignees: string[];
  milestone: number | null;
  /** Issue type name, or null. */
  type: string | null;
  locked: boolean;
  comments: number;
  author: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** Each close and reopen, oldest first, with who did it: GitHub's issue events (`closed`, `reopened`). */
  stateEvents: IssueStateEvent[];
  /** Pull requests share the number sequence and appear in issue listings with a `pull_request` key. */
  pullRequest: boolean;
  parentId: number | null;
  /** Children in priority order. */
  subIssueIds: number[];
  blockedByIds: number[];
  blockingIds: number[];
}

export interface RepoRecord {
  id: number;
  nodeId: string;
  owner: UserRecord;
  name: string;
  private: boolean;
  hasIssues: boolean;
  permissions: { admin: boolean; push: boolean; pull: boolean };
  issueTypes: IssueTypeRecord[];
  createdAt: number;
  nextNumber: number;
  nextMilestoneNumber: number;
  issues: Map<number, IssueRecord>;
  labels: Map<number, LabelRecord>;
  milestones: Map<number, MilestoneRecord>;
}

// ---- Projects v2 ----

/** Custom field types take values through the API; the others mirror the issue. */
export type CustomFieldType = 'text' | 'number' | 'date' | 'single_select' | 'iteration';
export type BuiltInFieldType =
  | 'title'
  | 'assignees'
  | 'labels'
  | 'linked_pull_requests'
  | 'milestone'
  | 'repository'
  | 'reviewers'
  | 'parent_issue'
  | 'sub_issues_progress'
  | 'issue_type';
export type FieldType = CustomFieldType | BuiltInFieldType;

export interface SelectOptionRecord {
  /** GitHub's option ids are short hex strings, e.g. '47fc9ee4'. */
  id: string;
  name: string;
  color: string;
  description: string;
}

export interface IterationRecord {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  startDate: string;
  duration: number;
}

export interface ProjectFieldRecord {
  id: number;
  nodeId: string;
  name: string;
  type: FieldType;
  options: SelectOptionRecord[];
  iterations: IterationRecord[];
  createdAt: number;
  updatedAt: number;
}

/** Stored values: text and date as strings, numbers as numbers, single select and iteration as the option's id. */
export type FieldValue = string | number;

export interface ProjectItemRecord {
  id: number;
  nodeId: string;
  issueId: number;
  contentType: 'Issue' | 'PullRequest';
  creator: string;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
  /** By field id. */
  values: Map<number, FieldValue>;
}

export interface ProjectRecord {
  id: number;
  nodeId: string;
  owner: UserRecord;
  number: number;
  title: string;
  public: boolean;
  creator: string;
  createdAt: number;
  updatedAt: number;
  fields: ProjectFieldRecord[];
  /** By item id, in the order items were added. */
  items: Map<number, ProjectItemRecord>;
}
