/**
 * Progress as plain lines, for logs that are not a terminal (CI, pipes, the Action's log), shared by the CLI and
 * the Action: a line as each phase that has work starts (`phase relations: 66 links`), so that no phase runs
 * silently, and optionally one line per issue created. The enrich pass of an issue this run created is its
 * completion, not an update: it prints nothing (the summary counts it as created).
 */
import type { Phase, ProgressEvent } from '../sync/progress.js';

const WORK: Record<Phase, (n: number) => string> = {
  discover: () => "reading the repository's issues",
  labels: (n) => `${n} ${n === 1 ? 'label or milestone' : 'labels and milestones'} to make`,
  epics: (n) => `${n} to create`,
  stories: (n) => `${n} to create`,
  tasks: (n) => `${n} to create`,
  enrich: (n) => `${n} ${n === 1 ? 'issue' : 'issues'} to complete or update`,
  relations: (n) => `${n} ${n === 1 ? 'link' : 'links'}`,
  cleanup: (n) => `${n} ${n === 1 ? 'issue' : 'issues'} to close`,
  project: (n) => `${n} project ${n === 1 ? 'item' : 'items'}`,
  rollup: (n) => `${n} ${n === 1 ? 'parent' : 'parents'} to close or reopen`,
};

/** `phase relations: 66 links`, or undefined for a phase with nothing to do. */
export function phaseStartLine(phase: Phase, total: number): string | undefined {
  if (total === 0 && phase !== 'discover') return undefined;
  return `phase ${phase}: ${WORK[phase](total)}`;
}

const CREATE_PHASES = new Set<Phase>(['epics', 'stories', 'tasks']);

export interface ProgressLineOptions {
  /** One line per issue created or updated (the CLI off a terminal); otherwise phases and failures only. */
  items: boolean;
  line: (text: string) => void;
  failure: (text: string) => void;
}

export function progressLines(options: ProgressLineOptions): (event: ProgressEvent) => void {
  const createdHere = new Set<string>();
  return (event) => {
    if (event.type === 'phase-start') {
      const line = phaseStartLine(event.phase, event.total);
      if (line) options.line(line);
      return;
    }
    if (event.type !== 'item' || event.status === 'starting') return;
    if (event.status === 'failed') {
      options.failure(`[${event.id}] failed (${event.phase}): ${event.message ?? ''}`);
      return;
    }
    const number = event.number ? ` #${event.number}` : '';
    if (CREATE_PHASES.has(event.phase)) {
      createdHere.add(event.id);
      if (options.items) options.line(`[${event.id}] created${number}`);
    } else if (event.phase === 'enrich' && !createdHere.has(event.id) && options.items) {
      options.line(`[${event.id}] updated${number}`);
    }
  };
}
