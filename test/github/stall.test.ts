/** The stall limit: no answer for 3 request time-outs, across requests and retries, stops the client. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ServerStalledError } from '../../src/errors.js';
import { API, makeClient, useNock } from './helpers.js';

const repo = { owner: 'o', repo: 'r' };

describe('the stall limit', () => {
  useNock();

  // Deadlines long enough that the time between attempts (1 ms and 4 ms of backoff, plus scheduling) stays far below
  // one of them, so the limit is crossed when the third attempt times out, not before it starts.
  it('a request unanswered on every attempt stops at the third deadline; later requests are not sent', async () => {
    nock(API).get('/repos/o/r').times(3).delay(2000).reply(200, { id: 1 });
    const client = makeClient({ requestTimeoutMs: 200, maxRetries: 5 });
    const error = await client.octokit.rest.repos.get(repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStalledError);
    expect(error).toMatchObject({ exitCode: 3, sent: true, message: expect.stringMatching(/Nothing was changed/) });
    // Not the 6 attempts of the retry budget.
    expect(client.stats().total).toBe(3);
    // Parallel or quick successive failures share one line a second.
    expect(client.logs).toHaveLength(1);
    expect(client.logs[0]).toMatch(/^Waiting for GitHub: GET \/repos\/\{owner\}\/\{repo\} got no answer/);
    await expect(client.octokit.rest.issues.listForRepo(repo)).rejects.toMatchObject({ sent: false });
    expect(client.stats().total).toBe(3);
    nock.abortPendingRequests();
  });

  it('after a write was sent, the stall is exit 1: a re-run picks up the rest', async () => {
    nock(API).post('/repos/o/r/labels').reply(201, { name: 'x' });
    nock(API).get('/repos/o/r').times(3).delay(2000).reply(200, { id: 1 });
    const client = makeClient({ requestTimeoutMs: 200, maxRetries: 5 });
    await client.octokit.rest.issues.createLabel({ ...repo, name: 'x' });
    await expect(client.octokit.rest.repos.get(repo)).rejects.toMatchObject({
      name: 'ServerStalledError',
      exitCode: 1,
    });
    nock.abortPendingRequests();
  });

  it('an answer in between ends the silence: two slow stretches apart do not add up', async () => {
    nock(API).get('/repos/o/r').times(2).delay(2000).reply(200, { id: 1 });
    nock(API).get('/repos/o/r').reply(200, { id: 1 });
    nock(API).get('/repos/o/r').times(2).delay(2000).reply(200, { id: 1 });
    nock(API).get('/repos/o/r').reply(200, { id: 1 });
    // Two time-outs (100 ms) each time, under a limit of 400 ms: only added up would they reach it.
    const client = makeClient({ requestTimeoutMs: 50, stallLimitMs: 400, maxRetries: 5 });
    await expect(client.octokit.rest.repos.get(repo)).resolves.toMatchObject({ data: { id: 1 } });
    await expect(client.octokit.rest.repos.get(repo)).resolves.toMatchObject({ data: { id: 1 } });
    expect(client.stats().total).toBe(6);
    nock.abortPendingRequests();
  });

  it("an attempt that began before another request's answer is silent only since that answer", async () => {
    // A: four attempts of 300 ms, all unanswered; B: answered at 200 ms, while A's first attempt waits.
    nock(API).get('/repos/o/r').times(4).delay(5000).reply(200, { id: 1 });
    nock(API).get('/repos/o/r/issues').delay(200).reply(200, []);
    const client = makeClient({ requestTimeoutMs: 300, maxRetries: 3 });
    const a = client.octokit.rest.repos.get(repo).catch((e: unknown) => e);
    await client.octokit.rest.issues.listForRepo(repo);
    // Counted from A's start, its third time-out (about 905 ms) would pass the 900 ms limit; from B's answer it
    // is about 705 ms, so A makes its fourth attempt.
    await expect(a).resolves.toBeInstanceOf(ServerStalledError);
    expect(client.stats().total).toBe(5);
    nock.abortPendingRequests();
  });
});
