/**
 * The plan file's schema: one source for the TypeScript types, the validator and `schema/plan.schema.json`.
 * `x-hint` carries the human sentence shown when a value breaks a pattern; editors ignore it.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ISSUE_TITLE_MAX, LABEL_NAME_MAX, SUB_ISSUES_PER_PARENT_MAX } from '../github-limits.js';

/** GitHub's issue body limit is 65,536 characters (ISSUE_BODY_MAX); planpilot's markers and links need the rest. */
export const PLAN_BODY_MAX = 60_000;
export const TITLE_MAX = ISSUE_TITLE_MAX;
export const LABEL_MAX = LABEL_NAME_MAX;
/** GitHub refuses a 101st sub-issue under one parent (closed ones count). */
export const SUB_ISSUES_MAX = SUB_ISSUES_PER_PARENT_MAX;

const ItemId = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  'x-hint': 'an item id starts with a letter or digit and has at most 64 letters, digits, ".", "_" or "-"',
});
const PlanId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  'x-hint': 'a plan id is lower-case letters, digits and "-", starting with a letter or digit, at most 64 long',
});
const Title = Type.String({
  minLength: 1,
  maxLength: TITLE_MAX,
  description: 'The issue title (1 to 256 characters).',
});
const Label = Type.String({ minLength: 1, maxLength: LABEL_MAX, description: 'A label name (at most 50 characters).' });
const Login = Type.String({
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\\[bot\\])?$',
  'x-hint': 'a GitHub login: letters, digits and single hyphens, at most 39 characters',
});
const FieldValue = Type.Unsafe<string | number>({ type: ['string', 'number'] });
const Fields = Type.Record(Type.String({ minLength: 1 }), FieldValue, {
  description: 'Projects v2 field values by field name, e.g. {Status: Todo, Priority: P1}.',
});

const itemProperties = {
  id: ItemId,
  title: Title,
  body: Type.Optional(
    Type.String({ maxLength: PLAN_BODY_MAX, description: 'Markdown; planpilot adds links after it.' }),
  ),
  labels: Type.Optional(Type.Array(Label, { description: 'Labels for this item, added to the plan-wide ones.' })),
  assignees: Type.Optional(Type.Array(Login, { maxItems: 10, description: 'Logins; when given, the plan owns them.' })),
  milestone: Type.Optional(Type.String({ minLength: 1, description: 'A milestone title; created when missing.' })),
  depends_on: Type.Optional(Type.Array(ItemId, { description: 'Ids of items that block this one.' })),
  fields: Type.Optional(Fields),
  previous_ids: Type.Optional(
    Type.Array(ItemId, {
      description: "Ids this item had before a rename: the issue they marked is this item's and keeps its number.",
    }),
  ),
  estimate: Type.Optional(Type.Unsafe<string | number>({ type: ['string', 'number'] })),
  issue: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        "The number of this item's issue, when the issue was not made by planpilot (`planpilot import` writes it): " +
        'the first sync adopts that issue instead of creating one.',
    }),
  ),
};
const parent = Type.Optional(ItemId);

export const TaskSchema = Type.Object(itemProperties, { additionalProperties: false });
export const StorySchema = Type.Object(
  { ...itemProperties, tasks: Type.Optional(Type.Array(TaskSchema)) },
  { additionalProperties: false },
);
export const EpicSchema = Type.Object(
  { ...itemProperties, stories: Type.Optional(Type.Array(StorySchema)) },
  { additionalProperties: false },
);
const FlatStorySchema = Type.Object(
  { ...itemProperties, parent, tasks: Type.Optional(Type.Array(TaskSchema)) },
  { additionalProperties: false },
);
const FlatTaskSchema = Type.Object({ ...itemProperties, parent }, { additionalProperties: false });

export const ProjectSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^https://[^/]+/(orgs|users)/[A-Za-z0-9-]+/projects/[0-9]+/?$',
      'x-hint':
        'a project URL looks like https://github.com/orgs/ORG/projects/N or https://github.com/users/USER/projects/N',
    }),
    fields: Type.Optional(Fields),
    estimate_field: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

export const PlanSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    version: Type.Literal(1),
    id: PlanId,
    previous_ids: Type.Optional(
      Type.Array(PlanId, { description: "Ids this plan had before a rename: the issues they marked are this plan's." }),
    ),
    repo: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$', 'x-hint': 'repo is written owner/name' }),
    ),
    labels: Type.Optional(Type.Array(Label, { description: 'Labels added to every item.' })),
    types: Type.Optional(
      Type.Object(
        {
          epic: Type.Optional(Type.String({ minLength: 1 })),
          story: Type.Optional(Type.String({ minLength: 1 })),
          task: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false, description: 'Issue type names per kind; default Epic, Story, Task.' },
      ),
    ),
    project: Type.Optional(ProjectSchema),
    epics: Type.Optional(Type.Array(EpicSchema)),
    stories: Type.Optional(Type.Array(FlatStorySchema, { description: 'Flat form: stories with parent: <epic id>.' })),
    tasks: Type.Optional(Type.Array(FlatTaskSchema, { description: 'Flat form: tasks with parent: <story id>.' })),
  },
  { additionalProperties: false, title: 'planpilot plan' },
);

export type PlanDocument = Static<typeof PlanSchema>;
export type ItemDocument = Static<typeof TaskSchema> & { parent?: string };

/** The JSON Schema written to schema/plan.schema.json for editors. */
export function planJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://planpilot.dev/schema/plan.schema.json',
    ...JSON.parse(JSON.stringify(PlanSchema)),
  };
}
