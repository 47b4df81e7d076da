/** The Projects v2 board plans/example.yaml names (https://github.com/orgs/acme/projects/1), for the fake to seed. */
import type { FakeProjectOptions } from '../fake-github/types.js';

export const EXAMPLE_PROJECT: FakeProjectOptions = {
  owner: 'acme',
  number: 1,
  title: 'Roadmap',
  fields: [
    { name: 'Priority', type: 'single_select', options: ['P0', 'P1', 'P2', 'P3'] },
    { name: 'Estimate', type: 'number' },
    { name: 'Target date', type: 'date' },
    { name: 'Sprint', type: 'iteration', iterations: ['Sprint 1', 'Sprint 2', 'Sprint 3'] },
    { name: 'Notes', type: 'text' },
  ],
};
