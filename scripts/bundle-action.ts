/**
 * Bundles the GitHub Action into one file, dist/index.js, committed as JavaScript actions are. The test suite
 * bundles again in memory and fails when the committed file differs (run `npm run bundle` after changing src/).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ACTION_BUNDLE = 'dist/index.js';

export async function bundleAction(): Promise<string> {
  const result = await build({
    entryPoints: ['src/action/main.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    outfile: ACTION_BUNDLE,
    legalComments: 'none',
    logLevel: 'warning',
    // Some dependencies (@actions/core) are CommonJS and call require() on Node's modules.
    banner: {
      js: "import { createRequire as __planpilotCreateRequire } from 'node:module'; const require = __planpilotCreateRequire(import.meta.url);",
    },
  });
  return result.outputFiles[0]!.text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(ACTION_BUNDLE, await bundleAction());
}
