/** `npm run fake-github`: flags to options, and the process prints its URL and stops on SIGTERM. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli.js';

describe('fake-github CLI', () => {
  it('turns flags into server options', () => {
    const options = parseCliOptions([
      '--port',
      '0',
      '--latency',
      '20',
      '--jitter',
      '5',
      '--seed',
      '3',
      '--limits',
      'github',
      '--fault-rate',
      '0.1',
      '--fault',
      'timeout:0.5:/sub_issues$',
      '--token',
      'a',
      '--token',
      'b',
      '--repo',
      'acme/shop',
      '--repo',
      'octocat/notes:user',
      '--project',
      'acme/2',
      '--no-sub-issues',
      '--no-issue-types',
    ]);
    expect(options).toMatchObject({
      port: 0,
      latencyMs: 20,
      jitterMs: 5,
      seed: 3,
      limits: 'github',
      tokens: ['a', 'b'],
      capabilities: { subIssues: false, dependencies: true, issueTypes: false, projects: true },
      repos: [
        { owner: 'acme', name: 'shop', ownerType: 'Organization' },
        { owner: 'octocat', name: 'notes', ownerType: 'User' },
      ],
      projects: [{ owner: 'acme', number: 2 }],
    });
    expect(options.faults?.map((rule) => rule.kind)).toEqual(['timeout', 'status502', 'status503']);
    expect(options.faults?.[0]?.route).toEqual(/\/sub_issues$/);
    // Two kinds share 10%: 5% of all requests each, the second rule seeing the 95% the first let through.
    expect(options.faults?.[1]?.rate).toBeCloseTo(0.05);
    expect(options.faults?.[2]?.rate).toBeCloseTo(0.05 / 0.95);
    expect(() => parseCliOptions(['--limits', 'some'])).toThrow(/github or off/);
    expect(() => parseCliOptions(['--latency', 'fast'])).toThrow(/whole number/);
    expect(() => parseCliOptions(['--fault', 'meltdown'])).toThrow(/unknown fault kind/);
  });

  it('prints FAKE_GITHUB_URL, serves, and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fake-github/cli.ts', '--port', '0', '--token', 'T'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = /^FAKE_GITHUB_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      expect(url).toBeDefined();
      const answer = await fetch(`${url}/repos/acme/shop`, { headers: { authorization: 'token T' } });
      expect(answer.status).toBe(200);
      const refused = await fetch(`${url}/repos/acme/shop`, { headers: { authorization: 'token other' } });
      expect(refused.status).toBe(401);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }
  });
});
