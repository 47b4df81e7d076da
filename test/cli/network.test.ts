/**
 * When GitHub cannot be reached or stops answering: the run ends soon, says why in words, and its report is right
 * about what was written.
 */
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/closed-port.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

describe('GitHub unreachable', () => {
  it('a closed port: exit 3 after two attempts, naming the URL, the cause and where to look', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const plan = writePlan(tempDir(), 'plan.yaml', SMALL_PLAN);
    // The default retry unit (1 s × n²) and request deadline: what a user gets.
    const run = await runCli(['sync', plan, '--repo', 'acme/shop', '--json'], {
      GITHUB_TOKEN: TEST_TOKEN,
      GITHUB_API_URL: url,
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(`planpilot: Cannot reach GitHub at ${url}: connection refused`);
    expect(run.stderr).toContain('2 attempts, nothing was changed');
    expect(run.stderr).toMatch(/--api-url/);
    expect(run.stderr).toMatch(/\/api\/v3/);
    expect(run.stderr).toMatch(/HTTPS_PROXY/);
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 3, error: expect.stringContaining('connection refused') });
  });
});
