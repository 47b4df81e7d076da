/** Turns a schema-valid plan document (nested or flat form, or both) into the typed model, keeping each item's path. */
import type { FieldValue, ItemKind, Plan, PlanItem, ProjectSpec } from './model.js';
import type { ItemDocument, PlanDocument } from './schema.js';
import type { YamlPath } from './yaml-source.js';

export interface LocatedItem {
  item: PlanItem;
  path: YamlPath;
  /** True when the parent came from a `parent:` key (flat form) rather than from nesting. */
  explicitParent: boolean;
}

const DEFAULT_TYPES: Record<ItemKind, string> = { epic: 'Epic', story: 'Story', task: 'Task' };

export function buildPlan(doc: PlanDocument): { plan: Plan; located: LocatedItem[] } {
  const planLabels = doc.labels ?? [];
  const projectFields = doc.project?.fields ?? {};
  const located: LocatedItem[] = [];

  const add = (raw: ItemDocument, kind: ItemKind, path: YamlPath, parent: string | undefined, explicit: boolean) => {
    // Tolerant of a plan that failed the schema, so graph problems are reported in the same run.
    if (typeof raw?.id !== 'string') return;
    const item: PlanItem = {
      id: raw.id,
      previousIds: unique(list(raw.previous_ids).filter((id) => typeof id === 'string')),
      kind,
      title: raw.title,
      body: raw.body ?? '',
      labels: unique([...list(planLabels), ...list(raw.labels)]),
      dependsOn: unique(list(raw.depends_on).filter((dep) => typeof dep === 'string')),
      fields: { ...projectFields, ...(raw.fields ?? {}) } as Record<string, FieldValue>,
    };
    if (raw.assignees !== undefined) item.assignees = unique(raw.assignees);
    if (raw.milestone !== undefined) item.milestone = raw.milestone;
    if (typeof parent === 'string') item.parent = parent;
    if (raw.estimate !== undefined) item.estimate = raw.estimate;
    if (typeof raw.issue === 'number') item.issue = raw.issue;
    located.push({ item, path, explicitParent: explicit });
  };

  list(doc.epics).forEach((epic, e) => {
    add(epic, 'epic', ['epics', e], undefined, false);
    list(epic?.stories).forEach((story, s) => {
      add(story, 'story', ['epics', e, 'stories', s], epic?.id, false);
      list(story?.tasks).forEach((task, t) => {
        add(task, 'task', ['epics', e, 'stories', s, 'tasks', t], story?.id, false);
      });
    });
  });
  list(doc.stories).forEach((story, s) => {
    add(story, 'story', ['stories', s], story?.parent, typeof story?.parent === 'string');
    list(story?.tasks).forEach((task, t) => {
      add(task, 'task', ['stories', s, 'tasks', t], story?.id, false);
    });
  });
  list(doc.tasks).forEach((task, t) => {
    add(task, 'task', ['tasks', t], task?.parent, typeof task?.parent === 'string');
  });

  const order: Record<ItemKind, number> = { epic: 0, story: 1, task: 2 };
  located.sort((a, b) => order[a.item.kind] - order[b.item.kind]);

  const plan: Plan = {
    id: doc.id,
    previousIds: unique(list(doc.previous_ids).filter((id) => typeof id === 'string')),
    types: { ...DEFAULT_TYPES, ...(doc.types ?? {}) },
    items: located.map((l) => l.item),
  };
  if (doc.repo !== undefined) plan.repo = doc.repo;
  if (doc.project) plan.project = parseProject(doc.project);
  return { plan, located };
}

function parseProject(project: NonNullable<PlanDocument['project']>): ProjectSpec {
  const match = /\/(orgs|users)\/([^/]+)\/projects\/(\d+)/.exec(project.url);
  const spec: ProjectSpec = {
    url: project.url,
    ownerType: (match?.[1] ?? 'orgs') as ProjectSpec['ownerType'],
    owner: match?.[2] ?? '',
    number: Number(match?.[3] ?? 0),
  };
  if (project.estimate_field !== undefined) spec.estimateField = project.estimate_field;
  return spec;
}

function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
