/**
 * What the Action reads and where it writes, as the runner runs it: the plan must resolve (symlinks followed) inside
 * GITHUB_WORKSPACE, a plan's `repo:` other than the workflow's repository is refused unless the `repo` input names
 * it, and a plan error quotes no more than a short excerpt into annotations and the summary.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { type GitHubContext, runActionAsRunner } from '../helpers/action-runner.js';
import { viewRepo, writesOf } from '../helpers/github-view.js';
import { SMALL_PLAN, TEST_TOKEN, tempDir } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let github: GitHubContext;
let workspace: string;
let outside: string;
beforeEach(async () => {
  fake = await startFakeGitHub({
    repos: [
      { owner: 'acme', name: 'shop', ownerType: 'Organization' },
      { owner: 'acme', name: 'other', ownerType: 'Organization' },
    ],
  });
  github = { token: TEST_TOKEN, api_url: fake.url, repository: 'acme/shop' };
  const root = tempDir();
  workspace = join(root, 'workspace');
  outside = join(root, 'home');
  mkdirSync(workspace);
  mkdirSync(outside);
});
afterEach(async () => {
  await fake.close();
});

const secret = 'ghp_CredentialOfSomeoneElse0123456789ab';
const printedBy = (run: { stdout: string; stderr: string; summary: string }) =>
  `${run.stdout}\n${run.stderr}\n${run.summary}`;

describe('the plan must resolve inside GITHUB_WORKSPACE', () => {
  it('a plan symlinked to a file outside the workspace is not read: exit 2, the rule, nothing sent', async () => {
    // A valid plan, so that reading it would visibly sync: the refusal is not a parse failure.
    writeFileSync(join(outside, 'plan.yaml'), SMALL_PLAN);
    symlinkSync(join(outside, 'plan.yaml'), join(workspace, 'roadmap.yaml'));
    const run = await runActionAsRunner(
      { plan: join(workspace, 'roadmap.yaml') },
      { github, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/::error.*outside the workspace \(GITHUB_WORKSPACE\)/);
    expect(fake.requests).toHaveLength(0);
  });

  it("a symlink to someone's config outside the workspace: the secret reaches no annotation or summary", async () => {
    // A tool's config holding a token where a plan's version stands: read, its error would quote the value.
    writeFileSync(join(outside, 'config.yml'), `version: ${secret}\nid: tool\n`);
    symlinkSync(join(outside, 'config.yml'), join(workspace, 'plan.yaml'));
    const run = await runActionAsRunner(
      { plan: join(workspace, 'plan.yaml') },
      { github, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code).toBe(2);
    expect(printedBy(run)).not.toContain(secret.slice(0, 20));
    expect(fake.requests).toHaveLength(0);
  });

  it('a relative path climbing out of the workspace is refused too', async () => {
    writeFileSync(join(outside, 'plan.yaml'), SMALL_PLAN);
    const run = await runActionAsRunner(
      { plan: '../home/plan.yaml' },
      { github, env: { GITHUB_WORKSPACE: workspace }, cwd: workspace },
    );
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/outside the workspace/);
    expect(fake.requests).toHaveLength(0);
  });

  it('a symlink inside the workspace to a plan inside it is followed', async () => {
    mkdirSync(join(workspace, 'plans'));
    writeFileSync(join(workspace, 'plans', 'small.yaml'), SMALL_PLAN);
    symlinkSync(join(workspace, 'plans', 'small.yaml'), join(workspace, 'roadmap.yaml'));
    const run = await runActionAsRunner(
      { plan: 'roadmap.yaml', 'dry-run': 'true' },
      { github, env: { GITHUB_WORKSPACE: workspace }, cwd: workspace },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.created).toBe('6');
  });
});

describe("a plan's repo: against the workflow's repository", () => {
  const otherPlan = () => {
    const path = join(workspace, 'other.yaml');
    writeFileSync(path, SMALL_PLAN.replace('id: small', 'id: small\nrepo: acme/other'));
    return path;
  };

  it('a plan naming another repository is refused before any request', async () => {
    const run = await runActionAsRunner({ plan: otherPlan() }, { github, env: { GITHUB_WORKSPACE: workspace } });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/::error::.*acme\/other.*acme\/shop.*`repo` input/);
    expect(fake.requests).toHaveLength(0);
    expect(fake.state.issues('acme', 'other')).toHaveLength(0);
  });

  it('the repo input naming it explicitly allows it', async () => {
    const run = await runActionAsRunner(
      { plan: otherPlan(), repo: 'acme/other', pacing: 'off' },
      { github, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(Object.keys(viewRepo(fake.state, 'acme', 'other', { plan: 'small' }))).toHaveLength(6);
    expect(fake.state.issues('acme', 'shop')).toHaveLength(0);
  });

  it('the repo input naming the workflow repository wins, with a warning naming both', async () => {
    const run = await runActionAsRunner(
      { plan: otherPlan(), repo: 'acme/shop', 'dry-run': 'true' },
      { github, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::warning::.*acme\/other.*acme\/shop/);
    expect(writesOf(fake.requests)).toBe(0);
    expect(fake.requests.every((r) => !r.path.includes('/acme/other'))).toBe(true);
  });
});

describe('a plan error in the Action quotes a short excerpt at most', () => {
  it('the annotation and the summary hold at most 32 characters of the source', async () => {
    const path = join(workspace, 'broken.yaml');
    writeFileSync(path, `version: 1\nid: |${secret}\n  x\nepics: *${secret}\n`);
    const run = await runActionAsRunner({ plan: path }, { github, env: { GITHUB_WORKSPACE: workspace } });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/::error title=planpilot%3A invalid plan,file=.*broken\.yaml,line=2,col=6::YAML syntax/);
    expect(printedBy(run)).not.toContain(secret.slice(0, 32));
    expect(printedBy(run)).toContain('ghp_CredentialOfSomeoneElse0123…');
  });
});
