/**
 * The token never appears in what `planpilot sync` prints (stdout, stderr, the JSON report), for every way it can
 * be given, while the fake GitHub reflects it back in a deprecation notice and in every html_url.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../fake-github/server.js';
import { runCli } from '../helpers/run-cli.js';
import {
  BOARD_PLAN,
  expectNoToken,
  MAIN_TOKEN,
  PROJECT_TOKEN,
  redactedEcho,
  startEchoingFake,
  tokenSources,
} from '../helpers/secrets.js';
import { tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startEchoingFake();
});
afterEach(async () => {
  await fake.close();
});

describe('no token in any output of the CLI', () => {
  for (const source of tokenSources()) {
    it(`token from ${source.name}: not in stdout, stderr or the JSON report`, async () => {
      await fake.close();
      fake = await startEchoingFake(source.tokens);
      const plan = writePlan(tempDir(), 'board.yaml', BOARD_PLAN);
      const run = await runCli(['sync', plan, '--json', '--pacing', 'off', ...source.args], {
        GITHUB_API_URL: fake.url,
        ...source.env,
      });
      expect(run.code, run.stderr).toBe(0);
      // The echoes really happened: the deprecation notice was printed and the report's URLs carry the mask.
      expect(run.stderr).toMatch(/is deprecated.*\[REDACTED\]/);
      const report = JSON.parse(run.stdout) as { items: { url: string }[] };
      expect(report.items[0]?.url).toContain(redactedEcho(source.tokens));
      expectNoToken('stdout', run.stdout);
      expectNoToken('stderr', run.stderr);
    });
  }

  it("a library's log lines (a deprecation notice) go through the redacting logger, not console.warn", async () => {
    const plan = writePlan(tempDir(), 'board.yaml', BOARD_PLAN);
    const run = await runCli(['sync', plan, '--dry-run', '--token', MAIN_TOKEN, '--project-token', PROJECT_TOKEN], {
      GITHUB_API_URL: fake.url,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'is deprecated. It is scheduled to be removed on Wed, 01 Jan 2031 00:00:00 GMT. See https://docs.example.com/deprecated?seen=[REDACTED].[REDACTED]',
    );
    expectNoToken('stderr', run.stderr);
  });
});

describe('a malformed API URL is echoed without its credentials', () => {
  const urls = [
    `htps://x-access-token:${MAIN_TOKEN}@github.example.com/api/v3`,
    `ftp://x-access-token:${MAIN_TOKEN}@github.example.com/`,
    `http://x-access-token:${MAIN_TOKEN}@github.example.com/`,
    `https://${MAIN_TOKEN}@github.example.com/api/v3`,
    `https://github.example.com/api/v3?access_token=${MAIN_TOKEN}`,
    `not a url ${MAIN_TOKEN}@github.example.com`,
  ];
  for (const url of urls) {
    for (const via of ['--api-url', 'GITHUB_API_URL'] as const) {
      it(`${via} ${url.replace(MAIN_TOKEN, 'TOKEN')}: exit 2, no credentials echoed`, async () => {
        const plan = writePlan(tempDir(), 'board.yaml', BOARD_PLAN);
        // No --token here: the URL alone carries the token, so redaction by value cannot be what hides it.
        const run = await runCli(
          ['sync', plan, '--json', ...(via === '--api-url' ? ['--api-url', url] : [])],
          via === 'GITHUB_API_URL' ? { GITHUB_API_URL: url } : {},
        );
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(via);
        expectNoToken('stdout', run.stdout);
        expectNoToken('stderr', run.stderr);
        expect(fake.requests).toHaveLength(0);
      });
    }
  }
});
