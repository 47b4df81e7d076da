/**
 * Live progress of a sync on the command line: a bar per phase on a terminal and one plain line per event elsewhere
 * (CI logs, pipes). The report's formatting itself is shared with the Action, in src/format/report.ts.
 */
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { Verbosity } from '../format/report.js';
import type { ProgressEvent } from '../sync/progress.js';
import type { Output } from './output.js';

const BAR_PHASES = new Set(['epics', 'stories', 'tasks', 'enrich']);

/** Live progress: bars on a terminal, plain `[id] created #12` lines elsewhere. */
export function createProgress(
  out: Output,
  verbosity: Verbosity,
): {
  onProgress: (event: ProgressEvent) => void;
  stop: () => void;
} {
  if (verbosity === 'quiet') return { onProgress: () => {}, stop: () => {} };
  if (!out.isTTY) {
    const verbs: Record<string, string> = {
      epics: 'created',
      stories: 'created',
      tasks: 'created',
      enrich: 'updated',
    };
    return {
      onProgress: (event) => {
        if (event.type === 'phase-start' && verbosity === 'verbose')
          out.stderr(`phase ${event.phase} (${event.total})`);
        if (event.type !== 'item') return;
        if (event.status === 'completed' && verbs[event.phase]) {
          out.stderr(`[${event.id}] ${verbs[event.phase]}${event.number ? ` #${event.number}` : ''}`);
        } else if (event.status === 'failed') {
          out.stderr(`[${event.id}] failed (${event.phase}): ${event.message ?? ''}`);
        }
      },
      stop: () => {},
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      format: `${pc.bold('{phase}')} {bar} {value}/{total}{failures}`,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const active = new Map<string, { bar: cliProgress.SingleBar; failures: number }>();
  // Stopped early by an interrupt: later events must not draw bars again (and hide the cursor again).
  let stopped = false;
  return {
    onProgress: (event) => {
      if (stopped) return;
      if (event.type === 'phase-start' && event.total > 0 && BAR_PHASES.has(event.phase)) {
        const bar = bars.create(event.total, 0, { phase: event.phase.padEnd(9), failures: '' });
        active.set(event.phase, { bar, failures: 0 });
      } else if (event.type === 'item' && event.status !== 'starting') {
        const entry = active.get(event.phase);
        if (!entry) return;
        if (event.status === 'failed') entry.failures++;
        entry.bar.increment(1, { failures: entry.failures ? pc.red(` (${entry.failures} failed)`) : '' });
      }
    },
    // MultiBar.stop shows the cursor again (hideCursor) and leaves the bars' last state on screen.
    stop: () => {
      if (stopped) return;
      stopped = true;
      bars.stop();
    },
  };
}
