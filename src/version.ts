import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The package's own version, for --version and the user agent, read from package.json wherever this module runs:
 * src/ (tests), build/src/ (the CLI) or dist/ (the Action bundle).
 */
export const VERSION: string = (() => {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'planpilot' && pkg.version) return pkg.version;
    } catch {
      // Not at this depth: try the next.
    }
  }
  return '0.0.0-unknown';
})();
