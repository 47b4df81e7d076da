/**
 * The token never appears in what the Action writes: its log (annotations included), outputs, job summary, report
 * file or a crash's trace, for every way it can be given, while the fake GitHub reflects it back in a deprecation
 * notice and in every html_url. The runner masks `::add-mask::` values in its log only; the rest is ours to redact.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { runActionAsRunner } from '../helpers/action-runner.js';
import {
  BOARD_PLAN,
  expectNoToken,
  MAIN_TOKEN,
  redactedEcho,
  startEchoingFake,
  tokenSources,
} from '../helpers/secrets.js';
import { SMALL_PLAN, tempDir } from '../helpers/sync-cli.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const workspaceWithPlan = () => {
  const workspace = tempDir();
  writeFileSync(join(workspace, 'board.yaml'), BOARD_PLAN);
  return workspace;
};
/** The log without the runner's mask commands, which must name the token. */
const logOf = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

describe('no token in any output of the Action', () => {
  for (const source of tokenSources()) {
    it(`token from ${source.name}: not in the log, annotations, outputs, summary or report file`, async () => {
      fake = await startEchoingFake(source.tokens);
      const workspace = workspaceWithPlan();
      const run = await runActionAsRunner(
        { plan: join(workspace, 'board.yaml'), pacing: 'off', ...source.inputs },
        {
          github: { token: MAIN_TOKEN, api_url: fake.url, repository: 'acme/shop' },
          env: { GITHUB_WORKSPACE: workspace, ...source.env },
        },
      );
      expect(run.code, run.stdout).toBe(0);
      for (const token of source.tokens) expect(run.stdout).toContain(`::add-mask::${token}`);
      // The echoes really reached each output, masked.
      expect(run.stdout).toMatch(/is deprecated.*\[REDACTED\]/);
      expect(run.outputs.issues).toContain(redactedEcho(source.tokens));
      expect(run.summary).toContain(redactedEcho(source.tokens));
      const reportFile = readFileSync(run.outputs.report!, 'utf8');
      expect(reportFile).toContain(redactedEcho(source.tokens));

      expectNoToken('the log', logOf(run.stdout));
      expectNoToken('stderr', run.stderr);
      expectNoToken('the summary', run.summary);
      expectNoToken('the report file', reportFile);
      for (const [name, value] of Object.entries(run.outputs)) expectNoToken(`output ${name}`, value);
    });
  }

  it('a token echoed into html_url is masked in the issues output, the summary and the report file', async () => {
    // Only the html_url echo here: the deprecation notice (a log line) is the other tests' business.
    fake = await startFakeGitHub({ echoInHtmlUrl: MAIN_TOKEN });
    const workspace = tempDir();
    writeFileSync(join(workspace, 'small.yaml'), SMALL_PLAN);
    const run = await runActionAsRunner(
      { plan: join(workspace, 'small.yaml'), pacing: 'off' },
      {
        github: { token: MAIN_TOKEN, api_url: fake.url, repository: 'acme/shop' },
        env: { GITHUB_WORKSPACE: workspace },
      },
    );
    expect(run.code, run.stdout).toBe(0);
    const issues = JSON.parse(run.outputs.issues!) as Record<string, { url: string }>;
    expect(issues.t1?.url).toMatch(/\/issues\/\d+\?echo=\[REDACTED\]$/);
    expectNoToken('output issues', run.outputs.issues!);
    expectNoToken('the summary', run.summary);
    expectNoToken('the report file', readFileSync(run.outputs.report!, 'utf8'));
  });

  it("a crash's trace is redacted too", async () => {
    fake = await startEchoingFake([MAIN_TOKEN]);
    const workspace = workspaceWithPlan();
    // The report goes to RUNNER_TEMP; a file in its place, named with the token, makes writing it throw an error
    // whose message and stack name that path.
    const notADirectory = join(tempDir(), `temp-${MAIN_TOKEN}`);
    writeFileSync(notADirectory, '');
    const run = await runActionAsRunner(
      { plan: join(workspace, 'board.yaml'), pacing: 'off', token: MAIN_TOKEN },
      {
        github: { token: MAIN_TOKEN, api_url: fake.url, repository: 'acme/shop' },
        env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: notADirectory },
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::planpilot crashed: .*temp-\[REDACTED\]/);
    expectNoToken('the log', logOf(run.stdout));
    expectNoToken('stderr', run.stderr);
  });
});
