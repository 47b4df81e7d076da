/** Plan problems, each pinned to a file, line and column, and the error that carries them all at once. */
import { ExitCode } from '../exit-codes.js';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Where in the document, e.g. `epics[0].stories[1].title`; '' for the whole file. */
  path: string;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path ? ` (at ${d.path})` : '';
  return `${d.file}:${d.line}:${d.column}: error: ${d.message}${where}`;
}

export class PlanError extends Error {
  /** A bad plan: nothing was sent, exit 2. */
  readonly exitCode = ExitCode.Usage;
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const count = diagnostics.length;
    super(`${count} problem${count === 1 ? '' : 's'} in the plan:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
    this.name = 'PlanError';
    this.diagnostics = diagnostics;
  }
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}
