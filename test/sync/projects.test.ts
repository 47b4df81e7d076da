/** The pure half of the Projects v2 sync: resolving plan values against a project's fields, and the diff. */
import { describe, expect, it } from 'vitest';
import type { ProjectField, ProjectItem } from '../../src/github/projects-api.js';
import { parsePlan } from '../../src/plan/index.js';
import { differingValues, planProjectChanges, resolveProjectValues } from '../../src/sync/diff/project-diff.js';
import { projectAccessMessage, SyncError } from '../../src/sync/errors.js';

const FIELDS: ProjectField[] = [
  { id: 1, name: 'Title', type: 'title', options: [], iterations: [] },
  {
    id: 2,
    name: 'Status',
    type: 'single_select',
    options: [
      { id: 'a1', name: 'Todo' },
      { id: 'a2', name: 'In Progress' },
    ],
    iterations: [],
  },
  {
    id: 3,
    name: 'Size',
    type: 'single_select',
    options: [
      { id: 's', name: 'S' },
      { id: 'm', name: 'M' },
    ],
    iterations: [],
  },
  { id: 4, name: 'Points', type: 'number', options: [], iterations: [] },
  { id: 5, name: 'Due', type: 'date', options: [], iterations: [] },
  { id: 6, name: 'Notes', type: 'text', options: [], iterations: [] },
  {
    id: 7,
    name: 'Sprint',
    type: 'iteration',
    options: [],
    iterations: [
      { id: 'i1', title: 'Sprint 1', startDate: '2030-01-07', duration: 7 },
      { id: 'i2', title: 'Sprint 2', startDate: '2030-01-14', duration: 7 },
    ],
  },
];

const planWith = (project: string, item: string) =>
  parsePlan(
    `version: 1\nid: p\nproject:\n  url: https://github.com/orgs/acme/projects/1\n${project}\nepics:\n  - id: e1\n    title: E\n${item}\n`,
  );

describe('resolveProjectValues', () => {
  it('matches fields and options ignoring case; iteration by title or @current; numbers, dates and text', () => {
    const plan = planWith(
      '  fields: { status: in progress }\n  estimate_field: size',
      "    fields: { notes: 7, DUE: '2030-02-01', Sprint: '@current', points: '2.5' }\n    estimate: m",
    );
    const values = resolveProjectValues(plan, FIELDS, '2030-01-15').get('e1');
    expect(values?.map((v) => [v.field, v.value])).toEqual([
      ['Status', 'a2'],
      ['Notes', '7'],
      ['Due', '2030-02-01'],
      ['Sprint', 'i2'],
      ['Points', 2.5],
      ['Size', 'm'],
    ]);
    const byTitle = planWith('', '    fields: { sprint: sprint 1 }');
    expect(resolveProjectValues(byTitle, FIELDS, '2030-01-15').get('e1')?.[0]?.value).toBe('i1');
  });

  it('collects every problem in one error that names the valid fields and options', () => {
    const plan = planWith(
      '  fields: { Status: Doing }',
      "    fields: { Colour: red, Title: x, Points: many, Due: '2030-02-30', Sprint: '@current' }\n    estimate: 3",
    );
    let error: unknown;
    try {
      resolveProjectValues(plan, FIELDS, '2031-01-01');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyncError);
    const message = (error as SyncError).message;
    expect((error as SyncError).exitCode).toBe(2);
    expect(message).toContain('"Doing" is not an option of "Status"; its options: "Todo", "In Progress"');
    expect(message).toContain('the project has no field "Colour"; its fields: "Status", "Size", "Points", "Due"');
    expect(message).toContain('field "Title" (title) is not set through the project');
    expect(message).toContain('"many" is not a number');
    expect(message).toContain('"2030-02-30" is not a date (YYYY-MM-DD)');
    expect(message).toContain('"Sprint" has no iteration running on 2031-01-01');
    expect(message).toContain('the project has no estimate_field');
  });

  it('refuses an estimate_field that is neither a number nor a single-select field', () => {
    const plan = planWith('  estimate_field: Notes', '    estimate: 3');
    expect(() => resolveProjectValues(plan, FIELDS)).toThrow(/estimate_field "Notes" is a text field/);
  });
});

describe('the diff', () => {
  it('writes only differing plan-owned values; adds issues not on the board', () => {
    const plan = planWith('  fields: { Status: Todo }', '    fields: { Points: 3 }');
    const resolved = resolveProjectValues(plan, FIELDS);
    const item = (values: [number, string | number][]): ProjectItem => ({
      id: 9,
      contentType: 'Issue',
      issueId: 100,
      values: new Map(values),
    });
    const desired = resolved.get('e1') ?? [];
    expect(
      differingValues(
        desired,
        item([
          [2, 'a1'],
          [4, 3],
          [6, 'mine'],
        ]),
      ),
    ).toEqual([]);
    expect(differingValues(desired, item([[2, 'a2']])).map((v) => v.field)).toEqual(['Status', 'Points']);
    expect(planProjectChanges(plan, () => 100, new Map(), resolved)).toEqual([
      { itemId: 'e1', add: true, set: desired },
    ]);
    expect(
      planProjectChanges(
        plan,
        () => 100,
        new Map([
          [
            100,
            item([
              [2, 'a1'],
              [4, 3],
            ]),
          ],
        ]),
        resolved,
      ),
    ).toEqual([]);
    expect(planProjectChanges(plan, () => undefined, new Map(), resolved)).toEqual([]);
  });
});

describe('the token advice for a project that cannot be reached', () => {
  const denied = { status: 404, response: { data: { message: 'Not Found' } } };
  it("a user's project: a classic PAT with the project scope, since fine-grained tokens cannot reach it", () => {
    const message = projectAccessMessage(denied, {
      url: 'https://github.com/users/mona/projects/2',
      ownerType: 'users',
    });
    expect(message).toContain('classic personal access token with the `project` scope');
    expect(message).toContain('fine-grained tokens cannot reach user-owned projects');
    expect(message).not.toContain('GitHub App');
  });
  it("an organisation's project: a fine-grained PAT with the organisation's Projects permission, or a GitHub App", () => {
    const message = projectAccessMessage(denied, { url: 'https://github.com/orgs/acme/projects/1', ownerType: 'orgs' });
    expect(message).toContain('fine-grained personal access token with the organisation\'s "Projects: read and write"');
    expect(message).toContain('GitHub App installation token');
    expect(message).not.toContain('classic');
  });
  it('a rate-limit 403 is not an access problem', () => {
    const limited = { status: 403, response: { data: { message: 'API rate limit exceeded' } } };
    expect(
      projectAccessMessage(limited, { url: 'https://github.com/orgs/acme/projects/1', ownerType: 'orgs' }),
    ).toBeUndefined();
  });
});
