/** The typed plan that the rest of planpilot works from, whatever form the file used. */
export type ItemKind = 'epic' | 'story' | 'task';
export const KINDS: readonly ItemKind[] = ['epic', 'story', 'task'];

export type FieldValue = string | number;

export interface PlanItem {
  id: string;
  /** Ids this item had before (`previous_ids`): their issue is this item's, and keeps its number. */
  previousIds: string[];
  kind: ItemKind;
  title: string;
  /** Markdown from the plan, '' when none. */
  body: string;
  /** Plan-wide labels first, then the item's own, without repeats. */
  labels: string[];
  /** Undefined when the plan does not give them: then people own the assignees. */
  assignees?: string[];
  milestone?: string;
  dependsOn: string[];
  parent?: string;
  /** Projects v2 values: the project's defaults overlaid with the item's own. */
  fields: Record<string, FieldValue>;
  estimate?: FieldValue;
  /** The number of an existing issue that is this item's (`issue:`, written by `planpilot import`): adopted by sync. */
  issue?: number;
}

export interface ProjectSpec {
  url: string;
  ownerType: 'orgs' | 'users';
  owner: string;
  number: number;
  estimateField?: string;
}

export interface Plan {
  id: string;
  /** Ids this plan had before (`previous_ids`): issues marked with them are this plan's. */
  previousIds: string[];
  repo?: string;
  /** Issue type names by kind. */
  types: Record<ItemKind, string>;
  project?: ProjectSpec;
  /** Every item, epics first, then stories, then tasks, each in file order. */
  items: PlanItem[];
}

export function itemsByKind(plan: Plan, kind: ItemKind): PlanItem[] {
  return plan.items.filter((item) => item.kind === kind);
}

export interface PlanSummary {
  epics: number;
  stories: number;
  tasks: number;
  dependencies: number;
}

export function summarizePlan(plan: Plan): PlanSummary {
  return {
    epics: itemsByKind(plan, 'epic').length,
    stories: itemsByKind(plan, 'story').length,
    tasks: itemsByKind(plan, 'task').length,
    dependencies: plan.items.reduce((sum, item) => sum + item.dependsOn.length, 0),
  };
}
