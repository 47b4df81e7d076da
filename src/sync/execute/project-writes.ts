/** Projects v2 writes: add an issue to the board when needed, then set its differing plan-owned values at once. */
import type { ProjectsApi } from '../../github/projects-api.js';
import type { ProjectChange } from '../diff/project-diff.js';

/** Adds the issue when needed, then writes the differing values in one update. */
export async function applyProjectChange(
  api: ProjectsApi,
  change: ProjectChange,
  issueId: number,
  knownItemId: number | undefined,
): Promise<void> {
  let itemId = knownItemId;
  if (change.add || itemId === undefined) itemId = (await api.addIssue(issueId)).itemId;
  if (change.set.length > 0) {
    await api.updateItem(
      itemId,
      change.set.map((value) => ({ id: value.fieldId, value: value.value })),
    );
  }
}
