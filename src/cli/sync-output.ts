/**
 * Live progress of a sync on the command line: on a terminal, a bar for every phase that has work (creates,
 * enrich, links, cleanup, project) and a spinner while GitHub is read and labels and milestones are made; elsewhere (CI logs, pipes), a line as each
 * phase starts and one per issue created (src/format/progress-lines.ts, shared with the Action).
 */
import cliProgress from 'cli-progress';
import { progressLines } from '../format/progress-lines.js';
import type { Verbosity } from '../format/report.js';
import type { Phase, ProgressEvent } from '../sync/progress.js';
import { type Colors, colors } from './colour.js';
import type { Output } from './output.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPIN_MS = 100;
/** What a bar counts, after `n/total`. */
const UNIT: Partial<Record<Phase, string>> = {
  epics: 'created',
  stories: 'created',
  tasks: 'created',
  enrich: 'issues',
  relations: 'links',
  cleanup: 'closed',
  project: 'items',
};

/** Phases shown as a spinner: what it says while running, and once done. */
const SPINNER_TEXT: Partial<Record<Phase, (total: number) => [string, string]>> = {
  discover: () => ['reading GitHub', 'read GitHub'],
  labels: (n) => [`making ${n} labels and milestones`, `made ${n} labels and milestones`],
};

export interface Progress {
  onProgress: (event: ProgressEvent) => void;
  stop: () => void;
}

/** Live progress: bars on a terminal, plain lines elsewhere. */
export function createProgress(out: Output, verbosity: Verbosity): Progress {
  if (verbosity === 'quiet') return { onProgress: () => {}, stop: () => {} };
  if (!out.isTTY) {
    const line = progressLines({ items: true, line: out.stderr, failure: out.stderr });
    return { onProgress: line, stop: () => {} };
  }
  return terminalProgress(colors(out.colour?.stderr ?? false));
}

function terminalProgress(c: Colors): Progress {
  const bars = new cliProgress.MultiBar(
    {
      format: `${c.bold('{phase}')} {bar} {value}/{total} {unit}{failures}`,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const active = new Map<Phase, { bar: cliProgress.SingleBar; failures: number }>();
  // Discovery and the labels have no item events: a spinner with the seconds spent, until the phase ends.
  let spinner: { bar: cliProgress.SingleBar; timer: NodeJS.Timeout; started: number; done: string } | undefined;
  const endSpinner = () => {
    if (!spinner) return;
    clearInterval(spinner.timer);
    const seconds = ((Date.now() - spinner.started) / 1000).toFixed(1);
    spinner.bar.update(1, { spin: '✓', text: `${spinner.done} in ${seconds} s` });
    spinner = undefined;
  };
  // Stopped early by an interrupt: later events must not draw bars again (and hide the cursor again).
  let stopped = false;
  return {
    onProgress: (event) => {
      if (stopped) return;
      if (event.type === 'phase-start' && SPINNER_TEXT[event.phase]) {
        const [doing, done] = SPINNER_TEXT[event.phase]!(event.total);
        endSpinner();
        const started = Date.now();
        const bar = bars.create(
          1,
          0,
          { phase: event.phase.padEnd(9), spin: SPINNER[0], text: doing },
          {
            format: `${c.bold('{phase}')} {spin} {text}`,
          },
        );
        let frame = 0;
        const timer = setInterval(() => {
          frame = (frame + 1) % SPINNER.length;
          const seconds = Math.floor((Date.now() - started) / 1000);
          bar.update(0, { spin: SPINNER[frame], text: `${doing} (${seconds} s)` });
        }, SPIN_MS);
        timer.unref();
        spinner = { bar, timer, started, done };
      } else if (event.type === 'phase-end' && SPINNER_TEXT[event.phase]) {
        endSpinner();
      } else if (event.type === 'phase-start' && event.total > 0) {
        const bar = bars.create(event.total, 0, {
          phase: event.phase.padEnd(9),
          unit: UNIT[event.phase] ?? '',
          failures: '',
        });
        active.set(event.phase, { bar, failures: 0 });
      } else if (event.type === 'item' && event.status !== 'starting') {
        const entry = active.get(event.phase);
        if (!entry) return;
        if (event.status === 'failed') entry.failures++;
        entry.bar.increment(1, { failures: entry.failures ? c.red(` (${entry.failures} failed)`) : '' });
      }
    },
    // MultiBar.stop shows the cursor again (hideCursor) and leaves the bars' last state on screen.
    stop: () => {
      if (stopped) return;
      stopped = true;
      if (spinner) clearInterval(spinner.timer);
      bars.stop();
    },
  };
}
