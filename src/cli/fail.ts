/** How every command ends on an error: `planpilot: …` on stderr and, with --json, the same as JSON on stdout. */
import type { ExitCode } from '../exit-codes.js';
import { redactSecrets } from '../github/redact.js';
import type { Output } from './output.js';

/** `secrets` is read at each call: the commands learn tokens as they resolve their settings. */
export function failWith(out: Output, json: boolean | undefined, secrets: () => readonly string[]) {
  return (message: string, code: ExitCode, extra: Record<string, unknown> = {}): ExitCode => {
    const text = redactSecrets(message, [...secrets()]);
    out.stderr(`planpilot: ${text}`);
    // Scripts reading --json get an answer on every exit path.
    if (json) out.stdout(JSON.stringify({ error: text, exitCode: code, ...extra }, null, 2));
    return code;
  };
}
