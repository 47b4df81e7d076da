/**
 * Projects v2 in the fake: projects per organisation or user, their fields and items. An item links an issue (or
 * pull request) by its global id and holds values for the custom fields; built-in fields (Title, Labels, …) are
 * read from the issue itself when serialised.
 */
import { type GitHubError, notFound, validationFailed } from './errors.js';
import type {
  BuiltInFieldType,
  FieldType,
  FieldValue,
  IssueRecord,
  ProjectFieldRecord,
  ProjectItemRecord,
  ProjectRecord,
  UserRecord,
} from './records.js';
import type { FakeState } from './state.js';
import type { FakeProjectFieldOptions, FakeProjectOptions } from './types.js';

/** A value as a person reads it: option name, iteration title, the text, number or date; null when unset. */
export type ReadableValue = string | number | null;

const BUILT_IN: [string, BuiltInFieldType][] = [
  ['Title', 'title'],
  ['Assignees', 'assignees'],
  ['Labels', 'labels'],
  ['Linked pull requests', 'linked_pull_requests'],
  ['Milestone', 'milestone'],
  ['Repository', 'repository'],
  ['Reviewers', 'reviewers'],
  ['Parent issue', 'parent_issue'],
  ['Sub-issues progress', 'sub_issues_progress'],
];
/** Every new project has a Status field with these options (GitHub's default board columns). */
const DEFAULT_STATUS: FakeProjectFieldOptions = {
  name: 'Status',
  type: 'single_select',
  options: ['Todo', 'In Progress', 'Done'],
};
const OPTION_COLORS = ['GRAY', 'BLUE', 'GREEN', 'YELLOW', 'ORANGE', 'RED', 'PINK', 'PURPLE'];
const DAY_MS = 86_400_000;

export const isCustomField = (field: ProjectFieldRecord): boolean =>
  ['text', 'number', 'date', 'single_select', 'iteration'].includes(field.type);

export class ProjectStore {
  private readonly projects: ProjectRecord[] = [];

  constructor(readonly state: FakeState) {}

  private hexId(): string {
    return this.state.nextId(0x4000_0000).toString(16).slice(-8);
  }

  createProject(options: FakeProjectOptions): ProjectRecord {
    const known = this.state.allRepos().find((repo) => repo.owner.login.toLowerCase() === options.owner.toLowerCase());
    const owner = this.state.user(options.owner, options.ownerType ?? known?.owner.type ?? 'Organization');
    const number = options.number ?? 1 + Math.max(0, ...this.ownedBy(owner.login).map((p) => p.number));
    if (this.find(owner.login, number)) throw new Error(`project ${owner.login}/${number} exists already`);
    const now = this.state.now();
    const id = this.state.nextId(80_000_000);
    const project: ProjectRecord = {
      id,
      nodeId: `PVT_kwDO${id.toString(36)}`,
      owner,
      number,
      title: options.title ?? `Project ${number}`,
      public: options.public ?? false,
      creator: this.state.viewer,
      createdAt: now,
      updatedAt: now,
      fields: [],
      items: new Map(),
    };
    const custom = options.fields ?? [];
    const hasStatus = custom.some((field) => field.name.toLowerCase() === 'status');
    for (const [name, type] of BUILT_IN.slice(0, 2)) this.addField(project, { name, type });
    this.addField(project, hasStatus ? custom.find((f) => f.name.toLowerCase() === 'status')! : DEFAULT_STATUS);
    for (const [name, type] of BUILT_IN.slice(2)) this.addField(project, { name, type });
    if (owner.type === 'Organization') this.addField(project, { name: 'Type', type: 'issue_type' });
    for (const field of custom) if (field.name.toLowerCase() !== 'status') this.addField(project, field);
    this.projects.push(project);
    return project;
  }

  private addField(project: ProjectRecord, options: FakeProjectFieldOptions | { name: string; type: FieldType }): void {
    const id = this.state.nextId(200_000_000);
    const field: ProjectFieldRecord = {
      id,
      nodeId: `PVTF_lADO${id.toString(36)}`,
      name: options.name,
      type: options.type,
      options: [],
      iterations: [],
      createdAt: project.createdAt,
      updatedAt: project.createdAt,
    };
    if ('options' in options) {
      field.options = options.options.map((option, index) => {
        const o = typeof option === 'string' ? { name: option } : option;
        const color = o.color ?? OPTION_COLORS[index % OPTION_COLORS.length] ?? 'GRAY';
        return { id: this.hexId(), name: o.name, color, description: o.description ?? '' };
      });
    }
    if ('iterations' in options) {
      const duration = options.duration ?? 14;
      let start = Date.parse(options.startDate ?? new Date(this.state.now()).toISOString().slice(0, 10));
      field.iterations = options.iterations.map((iteration) => {
        const i = typeof iteration === 'string' ? { title: iteration } : iteration;
        if (i.startDate) start = Date.parse(i.startDate);
        const record = {
          id: this.hexId(),
          title: i.title,
          startDate: new Date(start).toISOString().slice(0, 10),
          duration: i.duration ?? duration,
        };
        start += record.duration * DAY_MS;
        return record;
      });
    }
    if (project.fields.some((other) => other.name.toLowerCase() === field.name.toLowerCase())) {
      throw new Error(`project ${project.number} has two fields named "${field.name}"`);
    }
    project.fields.push(field);
  }

  all(): ProjectRecord[] {
    return [...this.projects];
  }

  ownedBy(owner: string): ProjectRecord[] {
    return this.projects.filter((project) => project.owner.login.toLowerCase() === owner.toLowerCase());
  }

  find(owner: string, number: number): ProjectRecord | undefined {
    return this.ownedBy(owner).find((project) => project.number === number);
  }

  /** 404 unless the project exists and its owner has the type the route names (`/orgs/…` or `/users/…`). */
  require(owner: string, number: number, ownerType?: UserRecord['type']): ProjectRecord {
    const project = this.find(owner, number);
    if (!project || (ownerType && project.owner.type !== ownerType)) throw notFound();
    return project;
  }

  field(project: ProjectRecord, nameOrId: string | number): ProjectFieldRecord | undefined {
    return project.fields.find((field) =>
      typeof nameOrId === 'number' ? field.id === nameOrId : field.name.toLowerCase() === nameOrId.toLowerCase(),
    );
  }

  items(project: ProjectRecord): ProjectItemRecord[] {
    return [...project.items.values()];
  }

  item(project: ProjectRecord, itemId: number): ProjectItemRecord {
    const item = project.items.get(itemId);
    if (!item) throw notFound();
    return item;
  }

  itemOf(project: ProjectRecord, issueId: number): ProjectItemRecord | undefined {
    return this.items(project).find((item) => item.issueId === issueId);
  }

  /** Adding an issue that is already in the project returns its existing item, as GitHub's addProjectV2ItemById does. */
  addItem(project: ProjectRecord, issue: IssueRecord): ProjectItemRecord {
    const existing = this.itemOf(project, issue.id);
    if (existing) return existing;
    const now = this.state.now();
    const id = this.state.nextId(100_000_000);
    const item: ProjectItemRecord = {
      id,
      nodeId: `PVTI_lADO${id.toString(36)}`,
      issueId: issue.id,
      contentType: issue.pullRequest ? 'PullRequest' : 'Issue',
      creator: this.state.viewer,
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
      values: new Map(),
    };
    project.items.set(id, item);
    project.updatedAt = now;
    return item;
  }

  removeItem(project: ProjectRecord, itemId: number): void {
    this.item(project, itemId);
    project.items.delete(itemId);
    project.updatedAt = this.state.now();
  }

  /**
   * The REST update: `value` is the text, number or date itself, or the option's or iteration's id; null clears.
   * All updates are checked before any is applied.
   */
  updateValues(project: ProjectRecord, itemId: number, updates: { id: number; value: string | number | null }[]): void {
    const item = this.item(project, itemId);
    const checked = updates.map(({ id, value }, index) => {
      const field = this.field(project, id);
      if (!field) throw fieldError(index, id, `Field ${id} does not exist in this project`);
      if (!isCustomField(field)) throw fieldError(index, id, `Field "${field.name}" cannot be updated`);
      return { field, value: value === null ? null : coerce(field, value, index) };
    });
    for (const { field, value } of checked) {
      if (value === null) item.values.delete(field.id);
      else item.values.set(field.id, value);
    }
    item.updatedAt = this.state.now();
  }

  /** For seeding and assertions: set a value by field name, options and iterations by their names. */
  setValue(project: ProjectRecord, itemId: number, fieldName: string, value: ReadableValue): void {
    const field = this.field(project, fieldName);
    if (!field) throw new Error(`project ${project.number} has no field "${fieldName}"`);
    let raw: string | number | null = value;
    if (value !== null && field.type === 'single_select') {
      raw =
        field.options.find((option) => option.name.toLowerCase() === String(value).toLowerCase())?.id ?? String(value);
    } else if (value !== null && field.type === 'iteration') {
      raw = field.iterations.find((it) => it.title.toLowerCase() === String(value).toLowerCase())?.id ?? String(value);
    }
    this.updateValues(project, itemId, [{ id: field.id, value: raw }]);
  }

  /** Custom field values of an item by field name, as a person reads them. */
  readValues(project: ProjectRecord, item: ProjectItemRecord): Record<string, ReadableValue> {
    const out: Record<string, ReadableValue> = {};
    for (const field of project.fields) {
      const value = item.values.get(field.id);
      if (value === undefined) continue;
      if (field.type === 'single_select') out[field.name] = field.options.find((o) => o.id === value)?.name ?? null;
      else if (field.type === 'iteration')
        out[field.name] = field.iterations.find((i) => i.id === value)?.title ?? null;
      else out[field.name] = value;
    }
    return out;
  }
}

function fieldError(index: number, id: number, message: string): GitHubError {
  return validationFailed({
    resource: 'ProjectV2ItemFieldValue',
    field: 'fields',
    code: 'invalid',
    index,
    value: id,
    message,
  });
}

/** Checks a value against the field's type; GitHub rejects a wrong type or an unknown option with 422. */
function coerce(field: ProjectFieldRecord, value: string | number, index: number): FieldValue {
  const bad = (what: string) =>
    fieldError(index, field.id, `${JSON.stringify(value)} is not ${what} for "${field.name}"`);
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') throw bad('a string');
      return value;
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'string' && (value.trim() === '' || Number.isNaN(number))) throw bad('a number');
      return number;
    }
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
        throw bad('a date (YYYY-MM-DD)');
      }
      return value.slice(0, 10);
    case 'single_select':
      if (!field.options.some((option) => option.id === value)) throw bad('an option id');
      return value;
    default:
      if (!field.iterations.some((iteration) => iteration.id === value)) throw bad('an iteration id');
      return value;
  }
}
