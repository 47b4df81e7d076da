/** Entry of the bundled Action (dist/index.js): run, and turn an unexpected crash into a failed step. */
import * as core from '@actions/core';
import { runAction } from './run.js';

try {
  process.exitCode = await runAction();
} catch (error) {
  core.setFailed(`planpilot crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
