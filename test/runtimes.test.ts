/** Every supported Node.js major runs the CLI (offline dry run, a sync and its re-run) and the Action's bundle. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github/server.js';
import { EXAMPLE_PROJECT } from './helpers/example-project.js';
import { writesOf } from './helpers/github-view.js';
import { runNode } from './helpers/run-cli.js';
import { nodeBinary, SUPPORTED_NODE_MAJORS } from './helpers/runtimes.js';
import { SMALL_PLAN, TEST_TOKEN, tempDir, writePlan } from './helpers/sync-cli.js';

async function run(
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string }> {
  const result = await runNode(args, env, { node: binary });
  return { code: result.code, out: `${result.stdout}${result.stderr}` };
}

it('package.json engines starts at the oldest supported major', () => {
  const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
  expect(engines).toBe(`>=${Math.min(...SUPPORTED_NODE_MAJORS)}`);
});

describe.each(SUPPORTED_NODE_MAJORS)('Node.js %i', (major) => {
  let binary: string;
  let fake: FakeGitHub;
  beforeAll(async () => {
    binary = nodeBinary(major);
    fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
  }, 120_000);
  afterAll(async () => {
    await fake.close();
  });

  it('is the version it claims', async () => {
    const version = await run(binary, ['--version'], {});
    expect(version.out.trim()).toMatch(new RegExp(`^v${major}\\.`));
  });

  it('runs the CLI: offline dry run, sync, and a re-run with no write', async () => {
    const dry = await run(
      binary,
      ['bin/planpilot.js', 'sync', 'plans/example.yaml', '--dry-run', '--repo', 'acme/shop'],
      {},
    );
    expect(dry.code, dry.out).toBe(0);
    const plan = writePlan(tempDir(), 'small.yaml', SMALL_PLAN);
    const env = { GITHUB_TOKEN: TEST_TOKEN, GITHUB_API_URL: fake.url };
    const args = ['bin/planpilot.js', 'sync', plan, '--repo', 'acme/shop', '--pacing', 'off'];
    const first = await run(binary, args, env);
    expect(first.code, first.out).toBe(0);
    const before = fake.requests.length;
    const again = await run(binary, args, env);
    expect(again.code, again.out).toBe(0);
    expect(writesOf(fake.requests.slice(before))).toBe(0);
    fake.requests.length = 0;
  });

  it("runs the Action's bundle as the runner does (here one without job summaries)", async () => {
    const dir = tempDir();
    const result = await run(binary, ['dist/index.js'], {
      INPUT_PLAN: 'plans/example.yaml',
      INPUT_TOKEN: TEST_TOKEN,
      'INPUT_API-URL': fake.url,
      'INPUT_DRY-RUN': 'true',
      GITHUB_REPOSITORY: 'acme/shop',
      RUNNER_TEMP: dir,
    });
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('No job summary: this runner sets no GITHUB_STEP_SUMMARY.');
    expect(result.out).toMatch(/\[auth\]|create/);
    expect(writesOf(fake.requests)).toBe(0);
  });
});
