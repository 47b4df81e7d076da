/** What `planpilot import` reports: the items it wrote, and everything it did not carry into the plan, with why. */
import type { ItemKind } from '../plan/index.js';

export interface ImportedItem {
  id: string;
  kind: ItemKind;
  number: number;
  title: string;
}

/** An issue or link the plan does not hold, reported on stderr and in `--json`. */
export interface LeftOut {
  number: number;
  /** `owner/name` when not the imported repository. */
  repo?: string;
  reason:
    | 'pull request'
    | 'sub-issue in another repository'
    | 'dependency outside the imported issues'
    | 'dependency in another repository'
    | 'dependency on a pull request'
    | 'dependency on a folded issue'
    | 'dependency cycle';
  /** The imported issue that links to it (its parent, or the issue it blocks). */
  from?: number;
  title?: string;
}

/** An issue below the third level, written into its task's body as a checklist line. */
export interface Folded {
  number: number;
  title: string;
  /** The task whose body lists it. */
  into: string;
  intoNumber: number;
  /** Levels below the task: 1 for the task's own sub-issues. */
  level: number;
}

export interface ImportSummary {
  repo: string;
  plan: string;
  /** How the issues were chosen. */
  selection: string;
  items: ImportedItem[];
  epics: number;
  stories: number;
  tasks: number;
  dependencies: number;
  folded: Folded[];
  leftOut: LeftOut[];
  /** What the first sync will change that is not in the plan as people had it (types), and other notes. */
  warnings: string[];
}
