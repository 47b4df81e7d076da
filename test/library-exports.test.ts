/**
 * The package entry as users import it: the BUILT file (build/src/index.js, built by test/global-setup.ts), with
 * every export documented in src/index.ts present and of the right kind.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type Entry = Record<string, unknown>;
const entry = (await import(pathToFileURL('build/src/index.js').href)) as Entry;

const FUNCTIONS = [
  'sync',
  'importIssues',
  'loadPlanFile',
  'parsePlan',
  'formatDiagnostic',
  'planJsonSchema',
  'createGitHubClient',
  'exitCodeOf',
  'createInterruptController',
  'readStatus',
  'formatStatusMarkdown',
  'formatStatusMermaid',
];
const ERROR_CLASSES = [
  'UsageError',
  'UnexpectedAnswerError',
  'SyncError',
  'RateLimitError',
  'ContentBudgetError',
  'PlanError',
  'InterruptedError',
];

describe('the built package entry', () => {
  it('exports every documented function', () => {
    for (const name of FUNCTIONS) expect(typeof entry[name], name).toBe('function');
  });

  it('exports every error class, each a subclass of Error', () => {
    for (const name of ERROR_CLASSES) {
      const value = entry[name] as { prototype?: unknown } | undefined;
      expect(typeof value, name).toBe('function');
      expect(value?.prototype, name).toBeInstanceOf(Error);
      // A class, not a plain function: calling it without `new` throws.
      expect(() => (value as () => unknown)(), name).toThrow(TypeError);
    }
  });

  it('exports the constants', () => {
    expect(entry.ExitCode).toEqual({
      Success: 0,
      PartialFailure: 1,
      Usage: 2,
      Auth: 3,
      Budget: 4,
      ChangesPending: 10,
      Interrupted: 130,
      Terminated: 143,
    });
    expect(entry.DEFAULT_LABEL).toBe('planpilot');
    expect(typeof entry.VERSION).toBe('string');
  });

  it('exitCodeOf maps every error class to its exit code', () => {
    const exitCodeOf = entry.exitCodeOf as (error: unknown) => number;
    const UsageError = entry.UsageError as new (message: string) => Error & { exitCode: number };
    const SyncError = entry.SyncError as new (message: string, exitCode: number) => Error & { exitCode: number };
    const RateLimitError = entry.RateLimitError as new (
      message: string,
      details: { resetAt: Date; route: string; status: number },
    ) => Error;
    const ContentBudgetError = entry.ContentBudgetError as new (availableAt: Date) => Error;
    const PlanError = entry.PlanError as new (diagnostics: unknown[]) => Error;

    const usage = new UsageError('bad flag');
    expect(usage.exitCode).toBe(2);
    expect(usage.name).toBe('UsageError');
    expect(exitCodeOf(usage)).toBe(2);
    expect(exitCodeOf(new SyncError('no access', 3))).toBe(3);
    expect(exitCodeOf(new RateLimitError('spent', { resetAt: new Date(), route: 'GET /', status: 403 }))).toBe(4);
    expect(exitCodeOf(new ContentBudgetError(new Date()))).toBe(4);
    expect(exitCodeOf(new PlanError([]))).toBe(2);
    const InterruptedError = entry.InterruptedError as new (signal: string) => Error;
    expect(exitCodeOf(new InterruptedError('SIGINT'))).toBe(130);
    expect(exitCodeOf(new InterruptedError('SIGTERM'))).toBe(143);
    expect(exitCodeOf(new Error('anything else'))).toBe(1);
  });
});
