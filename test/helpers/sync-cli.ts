/** Runs `planpilot sync` (the built CLI, in a child process) against a fake GitHub and parses its JSON report. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncReport } from '../../src/sync/report/report.js';
import type { FakeGitHub } from '../fake-github/server.js';
import { type CliResult, runCli } from './run-cli.js';

export const TEST_TOKEN = 'ghp_planpilotTestToken0123456789abcdefXYZ';

export interface SyncRun extends CliResult {
  report: SyncReport;
  /** Requests the fake received during this run. */
  requests: FakeGitHub['requests'];
}

export async function syncCli(
  fake: FakeGitHub,
  plan: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<SyncRun> {
  const from = fake.requests.length;
  const result = await runCli(['sync', plan, '--json', '--repo', 'acme/shop', ...args], {
    GITHUB_TOKEN: TEST_TOKEN,
    GITHUB_API_URL: fake.url,
    // Retries after 5xx back off 20 ms × n² instead of 1 s × n², so fault tests stay fast.
    PLANPILOT_RETRY_BASE_MS: '20',
    ...env,
  });
  let report: SyncReport;
  try {
    report = JSON.parse(result.stdout) as SyncReport;
  } catch {
    throw new Error(`no JSON report (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...result, report, requests: fake.requests.slice(from) };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'planpilot-test-'));
}

export function writePlan(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A small plan: 1 epic, 2 stories, 3 tasks, 2 dependencies. */
export const SMALL_PLAN = `version: 1
id: small
labels: [roadmap]
epics:
  - id: e1
    title: Epic one
    body: The first epic.
    stories:
      - id: s1
        title: Story one
        tasks:
          - id: t1
            title: Task one
          - id: t2
            title: Task two
            depends_on: [t1]
      - id: s2
        title: Story two
        depends_on: [s1]
        tasks:
          - id: t3
            title: Task three
`;
