import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { RequestAccounting, routeKey } from '../../src/github/accounting.js';
import { Pacer } from '../../src/github/pacer.js';
import { API, FakeClock, makeClient, track, useNock } from './helpers.js';

useNock();
const repo = { owner: 'o', repo: 'r' };

describe('request accounting', () => {
  it('counts attempts by route template, reads and writes', async () => {
    nock(API)
      .get('/repos/o/r/issues')
      .query(true)
      .times(2)
      .reply(200, [])
      .post('/repos/o/r/issues')
      .reply(201, { number: 1 })
      .patch('/repos/o/r/issues/1')
      .reply(200, { number: 1 });
    const client = makeClient();
    await client.octokit.rest.issues.listForRepo({ ...repo, labels: 'planpilot' });
    await client.octokit.rest.issues.listForRepo(repo);
    await client.octokit.rest.issues.create({ ...repo, title: 't' });
    await client.octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'closed' });
    expect(client.stats()).toEqual({
      total: 4,
      reads: 2,
      writes: 2,
      retries: 0,
      rateLimitWaits: 0,
      rateLimitWaitMs: 0,
      pacingWaits: 0,
      pacingWaitMs: 0,
      byRoute: {
        'GET /repos/{owner}/{repo}/issues': 2,
        'POST /repos/{owner}/{repo}/issues': 1,
        'PATCH /repos/{owner}/{repo}/issues/{issue_number}': 1,
      },
    });
  });

  it('keys absolute URLs (paginated next pages) by path without the base path or query', () => {
    const baseUrl = 'https://ghe.example.com/api/v3';
    expect(
      routeKey({ method: 'get', url: 'https://ghe.example.com/api/v3/repositories/1/issues?page=2', baseUrl }),
    ).toBe('GET /repositories/1/issues');
    expect(routeKey({ method: 'GET', url: '/repos/{owner}/{repo}/issues' })).toBe('GET /repos/{owner}/{repo}/issues');
  });

  it('counts overlapping rate-limit waits as wall-clock time', () => {
    const accounting = new RequestAccounting();
    accounting.recordRateLimitWait(60_000, 0);
    accounting.recordRateLimitWait(60_000, 30_000);
    accounting.recordRateLimitWait(1_000, 200_000);
    expect(accounting.snapshot()).toMatchObject({ rateLimitWaits: 3, rateLimitWaitMs: 91_000 });
  });
});

describe('pacing in the client', () => {
  it("paces every attempt with pacing 'github'", async () => {
    nock(API).post('/repos/o/r/issues').times(2).reply(201, { number: 1 });
    nock(API).get('/repos/o/r').reply(502, {}).get('/repos/o/r').reply(200, {});
    const clock = new FakeClock();
    const pacer = new Pacer({ clock, limits: { contentCreationsPerMinute: 1 } });
    const client = makeClient({ pacing: 'github', pacer });
    await client.octokit.rest.issues.create({ ...repo, title: 'a' });
    const second = track(client.octokit.rest.issues.create({ ...repo, title: 'b' }));
    await client.octokit.rest.repos.get(repo);
    expect(pacer.pointsLastMinute()).toBe(5 + 1 + 1); // the retried GET paid twice
    await clock.advanceTo(59_999);
    expect(second.settled()).toBe(false);
    await clock.advanceTo(60_000);
    await second.promise;
    expect(client.pacer.contentCreatedLastHour()).toBe(2);
    // Reported apart from rate-limit answers: the pacer held one request back for a minute.
    expect(client.stats()).toMatchObject({ rateLimitWaits: 0, rateLimitWaitMs: 0, pacingWaits: 1 });
    expect(client.stats().pacingWaitMs).toBeGreaterThanOrEqual(59_000);
  });

  it("does not use the pacer at all with pacing 'off'", async () => {
    nock(API).post('/repos/o/r/issues').times(3).reply(201, { number: 1 });
    const clock = new FakeClock();
    const pacer = new Pacer({ clock, limits: { contentCreationsPerMinute: 1 } });
    const client = makeClient({ pacing: 'off', pacer });
    for (const title of ['a', 'b', 'c']) await client.octokit.rest.issues.create({ ...repo, title });
    expect(clock.sleeps).toBe(0);
    expect(pacer.contentCreatedLastHour()).toBe(0);
    expect(pacer.pointsLastMinute()).toBe(0);
  });
});
