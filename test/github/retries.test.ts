import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { API, makeClient, useNock } from './helpers.js';

useNock();
const repo = { owner: 'o', repo: 'r' };

describe('retries of server and network errors', () => {
  it('retries a 502 and succeeds', async () => {
    nock(API).get('/repos/o/r').reply(502, { message: 'Bad Gateway' }).get('/repos/o/r').reply(200, { id: 1 });
    const client = makeClient();
    const { data } = await client.octokit.rest.repos.get(repo);
    expect(data).toEqual({ id: 1 });
    expect(client.stats()).toMatchObject({ total: 2, reads: 2, retries: 1 });
  });

  it('gives up after maxRetries', async () => {
    nock(API).get('/repos/o/r').times(3).reply(503, { message: 'Unavailable' });
    const client = makeClient({ maxRetries: 2 });
    await expect(client.octokit.rest.repos.get(repo)).rejects.toMatchObject({ status: 503 });
    expect(client.stats()).toMatchObject({ total: 3, retries: 2 });
  });

  it('retries a network error', async () => {
    nock(API).get('/repos/o/r').replyWithError('socket hang up').get('/repos/o/r').reply(200, { id: 1 });
    const client = makeClient();
    await expect(client.octokit.rest.repos.get(repo)).resolves.toMatchObject({ data: { id: 1 } });
    expect(client.stats().retries).toBe(1);
  });

  it('does not retry a POST sent with request.retries = 0, even on 502', async () => {
    nock(API).post('/repos/o/r/issues').reply(502, { message: 'Bad Gateway' });
    const client = makeClient();
    const create = client.octokit.rest.issues.create({ ...repo, title: 't', request: { retries: 0 } });
    await expect(create).rejects.toMatchObject({ status: 502 });
    expect(client.stats()).toMatchObject({ total: 1, writes: 1, retries: 0 });
  });

  it.each([404, 422])('does not retry a %i', async (status) => {
    nock(API).patch('/repos/o/r/issues/1').reply(status, { message: 'nope' });
    const client = makeClient();
    await expect(client.octokit.rest.issues.update({ ...repo, issue_number: 1, title: 't' })).rejects.toMatchObject({
      status,
    });
    expect(client.stats()).toMatchObject({ total: 1, retries: 0 });
  });

  it('aborts an attempt that misses its deadline and retries it as a network error', async () => {
    nock(API).get('/repos/o/r').delay(2000).reply(200, { id: 0 }).get('/repos/o/r').reply(200, { id: 1 });
    const client = makeClient({ requestTimeoutMs: 100 });
    const started = Date.now();
    await expect(client.octokit.rest.repos.get(repo)).resolves.toMatchObject({ data: { id: 1 } });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(client.stats()).toMatchObject({ total: 2, retries: 1 });
  });

  it('reports a missed deadline on a create without retrying it', async () => {
    nock(API).post('/repos/o/r/issues').delay(2000).reply(201, { number: 1 });
    const client = makeClient({ requestTimeoutMs: 100 });
    const create = client.octokit.rest.issues.create({ ...repo, title: 't', request: { retries: 0 } });
    await expect(create).rejects.toMatchObject({ status: 500, message: 'GitHub did not answer within 100 ms' });
    expect(client.stats().total).toBe(1);
  });
});
