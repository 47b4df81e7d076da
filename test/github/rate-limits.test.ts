import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/github/client.js';
import { API, makeClient, useNock } from './helpers.js';

useNock();
const repo = { owner: 'o', repo: 'r' };
const SECONDARY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
};
const PRIMARY = { message: 'API rate limit exceeded for user ID 1.' };
const primaryHeaders = (resetSeconds: number) => ({
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '0',
  'x-ratelimit-reset': String(resetSeconds),
});

describe('secondary rate limits', () => {
  it('waits out a 403 with retry-after, then succeeds', async () => {
    nock(API)
      .post('/repos/o/r/issues')
      .reply(403, SECONDARY, { 'retry-after': '1' })
      .post('/repos/o/r/issues')
      .reply(201, { number: 1 });
    const client = makeClient();
    const started = Date.now();
    await expect(client.octokit.rest.issues.create({ ...repo, title: 't' })).resolves.toMatchObject({ status: 201 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(client.stats()).toMatchObject({ total: 2, retries: 1, rateLimitWaits: 1, rateLimitWaitMs: 1000 });
    expect(client.logs).toEqual([
      'Secondary rate limit hit on POST /repos/{owner}/{repo}/issues; waiting 1s (retry 1 of 3)',
    ]);
  });

  it('waits out a 429 with retry-after even when its message does not name a secondary limit', async () => {
    nock(API)
      .get('/repos/o/r/issues')
      .reply(429, { message: 'Too Many Requests' }, { 'retry-after': '1' })
      .get('/repos/o/r/issues')
      .reply(200, []);
    const client = makeClient();
    const started = Date.now();
    await expect(client.octokit.rest.issues.listForRepo(repo)).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(client.stats()).toMatchObject({ total: 2, rateLimitWaits: 1 });
    expect(client.logs).toHaveLength(1);
  });

  it('fails without retrying when the wait is longer than allowed (plugin-retry must not retry a 429 itself)', async () => {
    nock(API).get('/repos/o/r/issues').reply(429, { message: 'Too Many Requests' }, { 'retry-after': '1' });
    const client = makeClient({ maxRateLimitWaitMs: 500 });
    await expect(client.octokit.rest.issues.listForRepo(repo)).rejects.toMatchObject({ status: 429 });
    expect(client.stats()).toMatchObject({ total: 1, rateLimitWaits: 0 });
  });

  it('stops waiting after maxRetries', async () => {
    nock(API).post('/repos/o/r/issues').reply(403, SECONDARY, { 'retry-after': '1' });
    const client = makeClient({ maxRetries: 0 });
    await expect(client.octokit.rest.issues.create({ ...repo, title: 't' })).rejects.toMatchObject({ status: 403 });
    expect(client.stats()).toMatchObject({ total: 1, rateLimitWaits: 0 });
  });
});

describe('primary rate limit', () => {
  it('fails fast with RateLimitError naming the reset when it is an hour away', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    nock(API).get('/repos/o/r').reply(403, PRIMARY, primaryHeaders(reset));
    const client = makeClient();
    const started = Date.now();
    const error = await client.octokit.rest.repos.get(repo).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.resetAt.getTime()).toBe(reset * 1000);
    expect(rateLimit.message).toContain(new Date(reset * 1000).toISOString());
    expect(rateLimit.route).toBe('GET /repos/{owner}/{repo}');
    expect(client.stats()).toMatchObject({ total: 1, rateLimitWaits: 0 });
    expect(client.logs).toEqual([]);
  });

  it('also recognises a primary limit answered with 429', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    nock(API).get('/repos/o/r').reply(429, PRIMARY, primaryHeaders(reset));
    const client = makeClient();
    await expect(client.octokit.rest.repos.get(repo)).rejects.toBeInstanceOf(RateLimitError);
    expect(client.stats().total).toBe(1);
  });

  it('waits for a reset one second away, logs it once, then succeeds', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1;
    nock(API).get('/repos/o/r').reply(403, PRIMARY, primaryHeaders(reset)).get('/repos/o/r').reply(200, { id: 1 });
    const client = makeClient();
    await expect(client.octokit.rest.repos.get(repo)).resolves.toMatchObject({ data: { id: 1 } });
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000);
    expect(client.stats()).toMatchObject({ total: 2, retries: 1, rateLimitWaits: 1 });
    expect(client.logs).toHaveLength(1);
    expect(client.logs[0]).toMatch(
      /^Primary rate limit exhausted on GET \/repos\/\{owner\}\/\{repo\}; waiting \ds until /,
    );
  });
});
