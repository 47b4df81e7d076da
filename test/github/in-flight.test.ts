import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { API, delay, makeClient, useNock } from './helpers.js';

useNock();

describe('requests in flight', () => {
  it('never has more than maxConcurrency attempts in flight, retries included', async () => {
    let active = 0;
    let serverPeak = 0;
    let failuresLeft = 5;
    nock(API)
      .get(/^\/repos\/o\/r\/issues\/\d+$/)
      .times(25)
      .reply(async () => {
        active++;
        serverPeak = Math.max(serverPeak, active);
        await delay(20);
        active--;
        return failuresLeft-- > 0 ? [502, { message: 'Bad Gateway' }] : [200, { ok: true }];
      });
    const client = makeClient({ maxConcurrency: 3 });
    const calls = Array.from({ length: 20 }, (_, i) =>
      client.octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: i + 1 }),
    );
    await Promise.all(calls);
    expect(serverPeak).toBe(3);
    expect(client.inFlightPeak()).toBe(3);
    expect(client.stats()).toMatchObject({ total: 25, retries: 5 });
  });

  it('is not held back by plugin-throttling: issue creations go out without the stock 3-second spacing', async () => {
    for (const pacing of ['github', 'off'] as const) {
      nock(API).post('/repos/o/r/issues').times(10).reply(201, { number: 1 });
      const client = makeClient({ pacing, maxConcurrency: 10 });
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 10 }, () => client.octokit.rest.issues.create({ owner: 'o', repo: 'r', title: 't' })),
      );
      // Stock groups: one at a time, 3 s apart, so 27 s.
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
