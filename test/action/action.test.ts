/** The bundled Action (dist/index.js), run the way the Actions runner runs it, against the fake GitHub. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_BUNDLE, bundleAction } from '../../scripts/bundle-action.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { viewRepo, writesOf } from '../helpers/github-view.js';
import { runNode } from '../helpers/run-cli.js';
import { TEST_TOKEN, tempDir } from '../helpers/sync-cli.js';

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

async function runAction(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
  const dir = tempDir();
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
  const run = await runNode([ACTION_BUNDLE], {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'acme/shop',
    RUNNER_TEMP: dir,
    ...inputEnv,
    ...env,
  });
  return {
    ...run,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

/** GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
});
afterEach(async () => {
  await fake.close();
});

describe('the GitHub Action', () => {
  it('the committed bundle is built from the current sources (run `npm run bundle`)', async () => {
    const fresh = await bundleAction();
    expect(fresh === readFileSync(ACTION_BUNDLE, 'utf8'), 'dist/index.js is stale: run `npm run bundle`').toBe(true);
  });

  it('action.yml runs the bundle on node24 and declares the documented inputs and outputs', () => {
    const yml = readFileSync('action.yml', 'utf8');
    expect(yml).toMatch(/using: node24\n\s+main: dist\/index\.js/);
    for (const input of [
      'plan',
      'token',
      'project-token',
      'repo',
      'max-concurrency',
      'dry-run',
      'prune',
      'label',
      'api-url',
      'pacing',
    ]) {
      expect(yml).toContain(`\n  ${input}:\n`);
    }
    for (const output of ['created', 'updated', 'unchanged', 'failed', 'orphans', 'issues', 'report']) {
      expect(yml).toContain(`\n  ${output}:\n`);
    }
  });

  it('syncs the example plan like the CLI, sets outputs, writes a summary with links, never shows the token', async () => {
    const inputs = {
      plan: 'plans/example.yaml',
      token: TEST_TOKEN,
      'api-url': fake.url,
      'max-concurrency': '5',
      pacing: 'off',
    };
    const run = await runAction(inputs);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ created: '30', updated: '0', unchanged: '0', failed: '0', orphans: '0' });
    const issues = JSON.parse(run.outputs.issues!) as Record<string, { number: number; url: string }>;
    expect(Object.keys(issues)).toHaveLength(30);
    const view = viewRepo(fake.state);
    expect(issues.auth?.number).toBe(view.auth?.number);
    expect(view['oauth-callback']?.parent).toBe('sso');
    expect(run.summary).toContain('planpilot sync: checkout-revamp → acme/shop');
    expect(run.summary).toMatch(/Cost: \d+ requests \(\d+ reads, \d+ writes, \d+ content-creating\); estimated/);
    expect(run.summary).toContain(`<a href="${issues.auth?.url}">#${issues.auth?.number}</a>`);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as { items: unknown[] };
    expect(report.items).toHaveLength(30);
    expect(run.stdout).toContain(`::add-mask::${TEST_TOKEN}`);
    const printed = `${run.stdout.replace(`::add-mask::${TEST_TOKEN}`, '')}${run.stderr}${run.summary}`;
    expect(printed).not.toContain(TEST_TOKEN);
    expect(readFileSync(run.outputs.report!, 'utf8')).not.toContain(TEST_TOKEN);

    const again = await runAction(inputs);
    expect(again.outputs).toMatchObject({ created: '0', unchanged: '30' });
    expect(again.summary).toContain('Every item is up to date.');
  });

  it('a dry run shows the plan of changes and writes nothing', async () => {
    const run = await runAction({
      plan: 'plans/example.yaml',
      token: TEST_TOKEN,
      'api-url': fake.url,
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    expect(writesOf(fake.requests)).toBe(0);
    expect(run.summary).toContain('planpilot dry run');
    expect(run.summary).toContain('<td>create</td>');
    expect(run.outputs.created).toBe('30');
  });

  it('uses the project-token input for Projects v2, and says so when only GITHUB_TOKEN is given', async () => {
    await fake.close();
    const projectToken = 'github_pat_projectToken000000000000000000';
    fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT], projectTokens: [projectToken] });
    const inputs = { plan: 'plans/example.yaml', token: TEST_TOKEN, 'api-url': fake.url, pacing: 'off' };
    const denied = await runAction(inputs);
    expect(denied.code).toBe(3);
    expect(denied.stdout).toMatch(/::error::.*cannot reach project https:\/\/github.com\/orgs\/acme\/projects\/1/);
    expect(denied.stdout).toContain('project-token');
    expect(writesOf(fake.requests)).toBe(0);

    const run = await runAction({ ...inputs, 'project-token': projectToken });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${projectToken}`);
    expect(run.summary).toContain('Project https://github.com/orgs/acme/projects/1: 30 added, 30 updated, 0 failed.');
    const board = fake.projects.find('acme', 1)!;
    expect(fake.projects.items(board)).toHaveLength(30);
  });

  it('annotates a broken plan on its file and line, and fails without sending anything', async () => {
    const run = await runAction({ plan: 'test/fixtures/broken-plan.yaml', token: TEST_TOKEN, 'api-url': fake.url });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      '::error title=planpilot%3A invalid plan,file=test/fixtures/broken-plan.yaml,line=5,col=5::unknown key "titel"',
    );
    expect(run.stdout).toMatch(/::error::test\/fixtures\/broken-plan.yaml is not a valid plan/);
    expect(run.summary).toContain('Nothing was sent to GitHub.');
    expect(fake.requests).toHaveLength(0);
  });
});
