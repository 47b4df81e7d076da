import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * `planpilot/<version>`. The package.json sits two folders up from src/github (tests run the sources) and three
 * from build/src/github (the published build), so both are tried; src/version.ts only works from the build.
 */
export function defaultUserAgent(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'planpilot' && pkg.version) return `planpilot/${pkg.version}`;
    } catch {
      // Not at this level; try the next.
    }
  }
  return 'planpilot';
}
