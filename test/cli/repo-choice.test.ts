/** Which repository `planpilot sync` writes to when the plan's `repo:` and `--repo` disagree: --repo, said aloud. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { viewRepo } from '../helpers/github-view.js';
import { SMALL_PLAN, syncCli, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFakeGitHub({
    repos: [
      { owner: 'acme', name: 'shop', ownerType: 'Organization' },
      { owner: 'acme', name: 'other', ownerType: 'Organization' },
    ],
  });
});
afterAll(async () => {
  await fake.close();
});

describe("the plan's repo: and --repo", () => {
  const plan = () => writePlan(tempDir(), 'other.yaml', SMALL_PLAN.replace('id: small', 'id: small\nrepo: acme/other'));

  it('--repo wins, and stderr names both repositories, even with --quiet', async () => {
    for (const extra of [[], ['--quiet']]) {
      const run = await syncCli(fake, plan(), ['--dry-run', ...extra]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.report.repo).toBe('acme/shop');
      expect(run.stderr).toContain(
        "warning: the plan's repo: is acme/other, but --repo is acme/shop: syncing acme/shop",
      );
      expect(run.requests.every((r) => !r.path.includes('/acme/other'))).toBe(true);
    }
  });

  it('no warning when they agree, whatever the case', async () => {
    const path = writePlan(tempDir(), 'same.yaml', SMALL_PLAN.replace('id: small', 'id: small\nrepo: Acme/Shop'));
    const run = await syncCli(fake, path, ['--pacing', 'off']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('warning:');
    expect(Object.keys(viewRepo(fake.state, 'acme', 'shop', { plan: 'small' }))).toHaveLength(6);
  });
});
