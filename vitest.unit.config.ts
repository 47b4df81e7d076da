/**
 * The fast tier: every in-process test (the pure core, the client against nock, the plan loader, the fake GitHub's
 * own tests), without building the package. `npm run test:unit`; `npm test` runs these and the end-to-end tests.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/sync/**/*.test.ts', 'test/github/**/*.test.ts', 'test/plan/**/*.test.ts', 'test/fake-github/**/*.test.ts'],
    testTimeout: 10_000,
  },
});
