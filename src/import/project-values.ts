/**
 * `planpilot import --project URL`: the values the imported issues have in the project's settable fields (text,
 * number, date, single-select by option name, iteration by title), as each item's `fields:`. Built-in fields (title,
 * assignees, labels, status of the issue itself) are the issue's and are read from it, not from the board. Reads
 * only: the project's fields, then its items with those fields' values.
 */
import { UsageError } from '../errors.js';
import type { ProjectField, ProjectRef, ProjectsApi } from '../github/projects-api.js';

const SETTABLE = new Set(['text', 'number', 'date', 'single_select', 'iteration']);
const PROJECT_URL = /^https:\/\/[^/]+\/(orgs|users)\/([A-Za-z0-9-]+)\/projects\/([0-9]+)\/?$/;

export function parseProjectUrl(url: string): ProjectRef {
  const match = PROJECT_URL.exec(url.trim());
  if (!match) {
    throw new UsageError(
      `--project must look like https://github.com/orgs/ORG/projects/N or https://github.com/users/USER/projects/N; got '${url}'`,
    );
  }
  return { ownerType: match[1] as ProjectRef['ownerType'], owner: match[2]!, number: Number(match[3]) };
}

export interface ProjectValues {
  /** Field values by issue global id, as the plan writes them (option names, iteration titles). */
  byIssueId: Map<number, Record<string, string | number>>;
  /** Imported issues (by global id) that are not on the board: the first sync adds them. */
  onBoard: Set<number>;
  warnings: string[];
}

export async function readProjectValues(projects: ProjectsApi): Promise<ProjectValues> {
  const fields = (await projects.listFields()).filter((field) => SETTABLE.has(field.type));
  const items = await projects.listItems(fields.map((field) => field.id));
  const byIssueId = new Map<number, Record<string, string | number>>();
  const onBoard = new Set<number>();
  const warnings: string[] = [];
  for (const item of items) {
    if (item.issueId === undefined) continue;
    onBoard.add(item.issueId);
    const values: Record<string, string | number> = {};
    for (const field of fields) {
      const value = item.values.get(field.id);
      if (value === undefined) continue;
      const readable = readableValue(field, value);
      if (readable === undefined) {
        warnings.push(
          `an item of the project has a value of "${field.name}" that is no longer one of its options or ` +
            'iterations (a completed iteration?): it is left out of the plan.',
        );
      } else values[field.name] = readable;
    }
    if (Object.keys(values).length > 0) byIssueId.set(item.issueId, values);
  }
  return { byIssueId, onBoard, warnings: [...new Set(warnings)] };
}

function readableValue(field: ProjectField, value: string | number): string | number | undefined {
  if (field.type === 'single_select') return field.options.find((option) => option.id === String(value))?.name;
  if (field.type === 'iteration') return field.iterations.find((it) => it.id === String(value))?.title;
  return value;
}
