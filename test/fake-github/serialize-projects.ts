/**
 * Projects v2 JSON (schemas `projects-v2`, `projects-v2-field`, `projects-v2-item-simple`,
 * `projects-v2-item-with-content`). Item field values follow the shapes in GitHub's examples: `{ id, name,
 * data_type, value }` where a single-select value is the option object, an iteration value the iteration, and text,
 * number and date values the plain value.
 */
import type { FieldValue, IssueRecord, ProjectFieldRecord, ProjectItemRecord, ProjectRecord } from './records.js';
import {
  issueJson,
  issueTypeJson,
  labelJson,
  milestoneJson,
  type Serializer,
  timestamp,
  userJson,
} from './serialize.js';
import { repoJson } from './serialize-repo.js';

const HTML = 'https://github.com';
type Json = Record<string, unknown>;

const rich = (text: string) => ({ raw: text, html: text });

export function projectUrl(base: string, project: ProjectRecord): string {
  const scope = project.owner.type === 'Organization' ? 'orgs' : 'users';
  return `${base}/${scope}/${project.owner.login}/projectsV2/${project.number}`;
}

export function projectJson(s: Serializer, project: ProjectRecord): Json {
  return {
    id: project.id,
    node_id: project.nodeId,
    owner: userJson(s.base, project.owner),
    creator: userJson(s.base, s.state.user(project.creator)),
    title: project.title,
    description: null,
    public: project.public,
    closed_at: null,
    created_at: timestamp(project.createdAt),
    updated_at: timestamp(project.updatedAt),
    number: project.number,
    short_description: null,
    deleted_at: null,
    deleted_by: null,
    state: 'open',
    latest_status_update: null,
    is_template: false,
  };
}

export function fieldJson(s: Serializer, project: ProjectRecord, field: ProjectFieldRecord): Json {
  const json: Json = {
    id: field.id,
    node_id: field.nodeId,
    name: field.name,
    data_type: field.type,
    project_url: projectUrl(s.base, project),
  };
  if (field.type === 'single_select') json.options = field.options.map(optionJson);
  if (field.type === 'iteration') {
    json.configuration = {
      duration: field.iterations[0]?.duration ?? 14,
      start_day: new Date(field.iterations[0]?.startDate ?? project.createdAt).getUTCDay() || 7,
      iterations: field.iterations.map((iteration) => iterationJson(s, iteration)),
    };
  }
  json.created_at = timestamp(field.createdAt);
  json.updated_at = timestamp(field.updatedAt);
  return json;
}

const optionJson = (option: ProjectFieldRecord['options'][number]) => ({
  id: option.id,
  name: rich(option.name),
  color: option.color,
  description: rich(option.description),
});

/** An iteration is completed once its last day has passed. */
const iterationJson = (s: Serializer, iteration: ProjectFieldRecord['iterations'][number]) => ({
  id: iteration.id,
  title: rich(iteration.title),
  start_date: iteration.startDate,
  duration: iteration.duration,
  completed: Date.parse(iteration.startDate) + iteration.duration * 86_400_000 <= s.state.now(),
});

function itemBase(s: Serializer, project: ProjectRecord, item: ProjectItemRecord): Json {
  const url = projectUrl(s.base, project);
  return {
    id: item.id,
    node_id: item.nodeId,
    project_url: url,
    content_type: item.contentType,
    creator: userJson(s.base, s.state.user(item.creator)),
    created_at: timestamp(item.createdAt),
    updated_at: timestamp(item.updatedAt),
    archived_at: item.archivedAt === null ? null : timestamp(item.archivedAt),
    item_url: `${url}/items/${item.id}`,
  };
}

/** The answer to adding an item: the item with its issue, no field values. */
export function itemSimpleJson(s: Serializer, project: ProjectRecord, item: ProjectItemRecord): Json {
  const issue = s.state.issueById(item.issueId);
  const { project_url, item_url, ...rest } = itemBase(s, project, item);
  return { ...rest, content: issue ? issueJson(s, issue) : null, project_url, item_url };
}

/** `fields`: the fields to report values of; GitHub reports only Title unless the request names fields. */
export function itemJson(
  s: Serializer,
  project: ProjectRecord,
  item: ProjectItemRecord,
  fields: ProjectFieldRecord[],
): Json {
  const issue = s.state.issueById(item.issueId);
  return {
    ...itemBase(s, project, item),
    content: issue ? issueJson(s, issue) : null,
    fields: fields.map((field) => ({
      id: field.id,
      name: field.name,
      data_type: field.type,
      value: issue ? valueJson(s, field, item.values.get(field.id), issue) : null,
    })),
  };
}

function valueJson(
  s: Serializer,
  field: ProjectFieldRecord,
  value: FieldValue | undefined,
  issue: IssueRecord,
): unknown {
  const repo = s.state.repo(issue.owner, issue.repo);
  switch (field.type) {
    case 'text':
    case 'number':
    case 'date':
      return value ?? null;
    case 'single_select': {
      const option = field.options.find((candidate) => candidate.id === value);
      return option ? optionJson(option) : null;
    }
    case 'iteration': {
      const iteration = field.iterations.find((candidate) => candidate.id === value);
      return iteration ? iterationJson(s, iteration) : null;
    }
    case 'title':
      return issueRef(issue);
    case 'assignees':
      return issue.assignees.map((login) => userJson(s.base, s.state.user(login)));
    case 'labels':
      return issue.labelIds.flatMap((id) => {
        const label = repo.labels.get(id);
        return label ? [labelJson(s.base, issue.owner, issue.repo, label)] : [];
      });
    case 'milestone': {
      const milestone = issue.milestone === null ? undefined : repo.milestones.get(issue.milestone);
      return milestone ? milestoneJson(s, repo, milestone) : null;
    }
    case 'repository':
      return repoJson(s.base, repo);
    case 'parent_issue': {
      const parent = issue.parentId === null ? undefined : s.state.issueById(issue.parentId);
      return parent ? issueRef(parent) : null;
    }
    case 'sub_issues_progress':
      return issue.subIssueIds.length > 0 ? s.state.subIssuesSummary(issue) : null;
    case 'issue_type': {
      const type = s.state.issueTypes(issue.owner, issue.repo).find((candidate) => candidate.name === issue.type);
      return type ? issueTypeJson(type) : null;
    }
    default:
      return [];
  }
}

/** The Title value's shape in GitHub's example. */
function issueRef(issue: IssueRecord): Json {
  return {
    ...rich(issue.title),
    number: issue.number,
    url: `${HTML}/${issue.owner}/${issue.repo}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`,
    issue_id: issue.id,
    state: issue.state,
    state_reason: issue.stateReason,
    is_draft: false,
  };
}
