/**
 * The client under an interrupt, against the fake GitHub frozen so that the order of events is exact: after `stop`,
 * attempts waiting in the p-limit are never sent; those in flight finish, or are cut off when `abort` fires.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/client.js';
import { createInterruptController, InterruptedError } from '../../src/interrupt.js';
import { TOKEN } from '../fake-github/harness.js';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { settled } from '../helpers/interrupt.js';

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  fake.release();
  await fake.close();
});

function clientWith(interrupt: ReturnType<typeof createInterruptController>) {
  return createGitHubClient({
    token: TOKEN,
    apiUrl: fake.url,
    maxConcurrency: 2,
    pacing: 'github',
    retryBaseDelayMs: 1,
    interrupt,
  });
}

/** Resolves once the fake has received `n` requests. */
async function arrived(n: number): Promise<void> {
  while (fake.requests.length < n) await new Promise((resolve) => setImmediate(resolve));
}

const getIssues = (client: ReturnType<typeof clientWith>, n: number) =>
  Array.from({ length: n }, () =>
    client.octokit.rest.issues.listForRepo({ owner: 'acme', repo: 'shop' }).then(
      () => 'answered',
      (error: unknown) => error,
    ),
  );

describe('an interrupted client', () => {
  it('lets the requests in flight finish and sends none of those queued in the p-limit', async () => {
    const interrupt = createInterruptController(60_000);
    const client = clientWith(interrupt);
    fake.hold();
    const calls = getIssues(client, 6);
    await arrived(2);
    interrupt.interrupt('SIGINT');
    fake.release();
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'answered')).toHaveLength(2);
    const stopped = outcomes.filter((o) => o instanceof InterruptedError) as InterruptedError[];
    expect(stopped).toHaveLength(4);
    expect(stopped.every((e) => e.signal === 'SIGINT' && !e.inFlight && e.exitCode === 130)).toBe(true);
    expect(fake.requests).toHaveLength(2);
    // Only what left is counted; nothing is retried.
    expect(client.stats()).toMatchObject({ total: 2, retries: 0 });
  });

  it('cuts off the requests still in flight when the grace period ends, without retrying them', async () => {
    const interrupt = createInterruptController(20);
    const client = clientWith(interrupt);
    fake.hold();
    const calls = getIssues(client, 3);
    await arrived(2);
    interrupt.interrupt('SIGTERM');
    const outcomes = (await Promise.all(calls)) as InterruptedError[];
    expect(outcomes.map((e) => e instanceof InterruptedError && e.inFlight)).toEqual([true, true, false]);
    expect(outcomes[0]?.exitCode).toBe(143);
    fake.release();
    await settled(fake);
    expect(fake.requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ total: 2, retries: 0 });
  });

  it('sends nothing once interrupted', async () => {
    const interrupt = createInterruptController();
    interrupt.interrupt('SIGINT');
    const [outcome] = await Promise.all(getIssues(clientWith(interrupt), 1));
    expect(outcome).toBeInstanceOf(InterruptedError);
    expect(fake.requests).toHaveLength(0);
  });
});
