/**
 * The Projects v2 REST adapter (`/orgs/{org}/projectsV2/…` and `/users/{username}/projectsV2/…`): the project, its
 * fields, its items with the values of chosen fields, adding an issue, and setting field values. Like api.ts, the
 * only place that knows these routes; values come back normalised (option and iteration ids, plain text, numbers and
 * dates) so the sync compares them with what it would write.
 */

import type { Octokit } from '@octokit/rest';
import { PROJECT_FIELDS_PER_LISTING_MAX } from '../github-limits.js';
import { checkedEntries, checkedObject } from './answer-shape.js';

export interface ProjectRef {
  ownerType: 'orgs' | 'users';
  owner: string;
  number: number;
}

export type ProjectFieldType =
  | 'text'
  | 'number'
  | 'date'
  | 'single_select'
  | 'iteration'
  // Built-in fields (title, assignees, labels, …): read from the issue, never set through the project.
  | (string & {});

export interface ProjectField {
  id: number;
  name: string;
  type: ProjectFieldType;
  /** Single-select options. */
  options: { id: string; name: string }[];
  /** Iterations (current and upcoming ones; GitHub lists completed ones too, flagged). */
  iterations: { id: string; title: string; startDate: string; duration: number }[];
}

/** A value as the REST update takes it: the text, number or date itself, or the option's or iteration's id. */
export type ProjectValue = string | number;

export interface ProjectItem {
  id: number;
  contentType: string;
  /** The issue's global id (what `POST …/items` takes), when the item is an issue. */
  issueId: number | undefined;
  /** Values of the fields asked for, by field id; a field without a value is absent. */
  values: Map<number, ProjectValue>;
}

/** GitHub caps `fields` of an item listing at 50 ids. */
const MAX_FIELDS_PER_LISTING = PROJECT_FIELDS_PER_LISTING_MAX;

// biome-ignore lint/suspicious/noExplicitAny: GitHub's JSON, narrowed by the functions below.
type Raw = any;

/** Names are plain strings in some answers and `{ raw, html }` in others. */
const text = (value: Raw): string => (typeof value === 'string' ? value : String(value?.raw ?? value?.name ?? ''));

export function toProjectField(raw: Raw): ProjectField {
  return {
    id: raw.id,
    name: text(raw.name),
    type: raw.data_type,
    options: (raw.options ?? []).map((option: Raw) => ({ id: String(option.id), name: text(option.name) })),
    iterations: (raw.configuration?.iterations ?? []).map((iteration: Raw) => ({
      id: String(iteration.id),
      title: text(iteration.title),
      startDate: String(iteration.start_date),
      duration: Number(iteration.duration),
    })),
  };
}

/**
 * A field value from an item listing: an option or iteration object becomes its id, a date its YYYY-MM-DD. An
 * empty field may come back as `value: null` or with the field left out of `fields` altogether (GitHub's
 * description types `value` as nullable and `fields` as optional); both read as "no value", never as unknown, so
 * an emptied field is written again and a set one is not.
 */
export function toProjectValue(dataType: string, value: Raw): ProjectValue | undefined {
  if (value === null || value === undefined) return undefined;
  switch (dataType) {
    case 'single_select':
    case 'iteration':
      return typeof value === 'object' ? String(value.id) : String(value);
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'date':
      return String(value).slice(0, 10);
    case 'text':
      return typeof value === 'string' ? value : text(value);
    default:
      return undefined;
  }
}

function toProjectItem(raw: Raw): ProjectItem {
  const values = new Map<number, ProjectValue>();
  for (const field of raw.fields ?? []) {
    const value = toProjectValue(field.data_type, field.value);
    if (value !== undefined) values.set(field.id, value);
  }
  const content = raw.content;
  return {
    id: raw.id,
    contentType: raw.content_type,
    issueId: raw.content_type === 'Issue' && typeof content?.id === 'number' ? content.id : undefined,
    values,
  };
}

export class ProjectsApi {
  constructor(
    private readonly octokit: Octokit,
    readonly ref: ProjectRef,
  ) {}

  /** `METHOD /orgs/{org}/projectsV2/{project_number}…` or the `/users/{username}` one, with its parameters. */
  private route(method: string, suffix = ''): [string, Record<string, unknown>] {
    const { ownerType, owner, number } = this.ref;
    return ownerType === 'orgs'
      ? [`${method} /orgs/{org}/projectsV2/{project_number}${suffix}`, { org: owner, project_number: number }]
      : [
          `${method} /users/{username}/projectsV2/{project_number}${suffix}`,
          { username: owner, project_number: number },
        ];
  }

  /** The numbers and titles of the owner's projects the token can see (to tell a wrong number from no access). */
  async listOwnerProjects(): Promise<{ number: number; title: string }[]> {
    const { ownerType, owner } = this.ref;
    const [route, params] =
      ownerType === 'orgs'
        ? ['GET /orgs/{org}/projectsV2', { org: owner }]
        : ['GET /users/{username}/projectsV2', { username: owner }];
    const raw = (await this.octokit.paginate(route as never, { ...params, per_page: 100 } as never)) as Raw[];
    return checkedEntries<Raw>('the project list', raw, { number: 'number' }).map((p) => ({
      number: p.number,
      title: typeof p.title === 'string' ? p.title : '',
    }));
  }

  async listFields(): Promise<ProjectField[]> {
    const [route, params] = this.route('GET', '/fields');
    const raw = (await this.octokit.paginate(route as never, { ...params, per_page: 100 } as never)) as Raw[];
    return checkedEntries<Raw>('the project field list', raw, { id: 'number', name: 'string' }).map(toProjectField);
  }

  /** Every item, with the values of the given fields (Title only when none are given). */
  async listItems(fieldIds: readonly number[]): Promise<ProjectItem[]> {
    const [route, params] = this.route('GET', '/items');
    const chunks: number[][] = [];
    for (let i = 0; i < fieldIds.length; i += MAX_FIELDS_PER_LISTING) {
      chunks.push(fieldIds.slice(i, i + MAX_FIELDS_PER_LISTING));
    }
    if (chunks.length === 0) chunks.push([]);
    const byId = new Map<number, ProjectItem>();
    for (const chunk of chunks) {
      const raw = (await this.octokit.paginate(
        route as never,
        { ...params, per_page: 100, ...(chunk.length > 0 ? { fields: chunk.join(',') } : {}) } as never,
      )) as Raw[];
      for (const item of checkedEntries<Raw>('the project item list', raw, { id: 'number' }).map(toProjectItem)) {
        const known = byId.get(item.id);
        if (known) for (const [field, value] of item.values) known.values.set(field, value);
        else byId.set(item.id, item);
      }
    }
    return [...byId.values()];
  }

  /** Adds an issue by its global id; GitHub answers with the existing item when the issue is in the project. */
  async addIssue(issueId: number): Promise<{ itemId: number }> {
    const [route, params] = this.route('POST', '/items');
    const { data } = await this.octokit.request(route as never, { ...params, type: 'Issue', id: issueId } as never);
    return { itemId: checkedObject<Raw>('a project item request', data, { id: 'number' }).id };
  }

  /** Sets several fields of one item in one request. */
  async updateItem(itemId: number, fields: { id: number; value: ProjectValue | null }[]): Promise<void> {
    const [route, params] = this.route('PATCH', '/items/{item_id}');
    await this.octokit.request(route as never, { ...params, item_id: itemId, fields } as never);
  }
}
