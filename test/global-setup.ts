import { execFileSync } from 'node:child_process';

/** Builds the package so tests run `bin/planpilot.js` exactly as a user does. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
