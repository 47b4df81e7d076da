/**
 * Entry of the bundled Action (dist/index.js). Importing it has no side effect: it exports `run()`, which
 * `@github/local-action` imports and calls. The Actions runner instead executes the file (`node dist/index.js`),
 * and only then does the file run itself.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as core from '@actions/core';
import { ExitCode } from '../exit-codes.js';
import { redactSecrets } from '../github/redact.js';
import { runAction } from './run.js';

/** Runs the Action; the step's exit code is the same as the CLI's for the same outcome (README: exit codes). */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Filled by runAction as it learns the run's tokens: a crash's stack must not show one either.
  const secrets: string[] = [];
  try {
    const code = await runAction(env, secrets);
    process.exitCode = code;
    // Interrupted: the summary and outputs are written; whatever an abandoned wait still holds, the step ends now.
    if (code === ExitCode.Interrupted || code === ExitCode.Terminated) setTimeout(() => process.exit(code), 0).unref();
  } catch (error) {
    const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.setFailed(redactSecrets(`planpilot crashed: ${trace}`, secrets));
    process.exitCode = ExitCode.PartialFailure;
  }
}

/** True when Node was started on this very file, as the runner does, rather than importing it. */
function startedAsScript(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (startedAsScript()) await run();
