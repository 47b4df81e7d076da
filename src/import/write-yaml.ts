/**
 * Pure: a plan draft as YAML a person wants to read and edit, through the `yaml` package's Document API (comments
 * are nodes there): the editor's schema comment on the first line, one `# #12` comment on each item's id, bodies as
 * literal block scalars (`|`), short lists in flow style, a blank line between epics.
 */
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { DraftItem, DraftPlan } from './build.js';

const CHILDREN: Record<DraftItem['kind'], 'stories' | 'tasks' | undefined> = {
  epic: 'stories',
  story: 'tasks',
  task: undefined,
};

export function planYaml(draft: DraftPlan, options: { schemaPath: string; header: string[] }): string {
  const doc = new Document();
  const top: Record<string, unknown> = { version: 1, id: draft.id, repo: draft.repo };
  if (draft.labels.length > 0) top.labels = draft.labels;
  if (Object.keys(draft.types).length > 0) top.types = draft.types;
  if (draft.project) top.project = draft.project;
  const root = doc.createNode(top) as YAMLMap;
  flow(root, 'labels');
  const epics = new YAMLSeq();
  draft.epics.forEach((epic, index) => {
    const node = itemNode(doc, epic);
    if (index > 0) node.spaceBefore = true;
    epics.items.push(node);
  });
  root.set(doc.createNode('epics'), epics);
  doc.contents = root;
  doc.commentBefore = [
    ` yaml-language-server: $schema=${options.schemaPath}`,
    ...options.header.map((line) => ` ${line}`),
  ].join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function itemNode(doc: Document, item: DraftItem): YAMLMap {
  const fields: Record<string, unknown> = { id: item.id, title: item.title, issue: item.number };
  if (item.labels.length > 0) fields.labels = item.labels;
  if (item.assignees.length > 0) fields.assignees = item.assignees;
  if (item.milestone !== undefined) fields.milestone = item.milestone;
  if (item.fields !== undefined) fields.fields = item.fields;
  if (item.dependsOn.length > 0) fields.depends_on = item.dependsOn;
  if (item.body !== '') fields.body = `${item.body}\n`;
  const node = doc.createNode(fields) as YAMLMap;
  const id = node.get('id', true) as Scalar;
  id.comment = ` #${item.number}${item.closed ? ' (closed)' : ''}`;
  const body = node.get('body', true) as Scalar | undefined;
  if (body) body.type = Scalar.BLOCK_LITERAL;
  for (const key of ['labels', 'assignees', 'fields', 'depends_on']) flow(node, key);
  const childKey = CHILDREN[item.kind];
  if (childKey && item.children.length > 0) {
    const children = new YAMLSeq();
    for (const child of item.children) children.items.push(itemNode(doc, child));
    node.set(doc.createNode(childKey), children);
  }
  return node;
}

function flow(map: YAMLMap, key: string): void {
  const collection = map.get(key, true);
  if (collection instanceof YAMLSeq || collection instanceof YAMLMap) collection.flow = true;
}
