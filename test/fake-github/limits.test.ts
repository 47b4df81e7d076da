/** The primary rate limit (x-ratelimit-* headers, GET /rate_limit, exhaustion) and the `github` secondary limits. */
import { describe, expect, it } from 'vitest';
import { call } from './harness.js';
import { type FakeGitHub, startFakeGitHub } from './server.js';
import type { FakeGitHubOptions } from './types.js';

async function withFake(options: FakeGitHubOptions, run: (fake: FakeGitHub) => Promise<void>): Promise<void> {
  const fake = await startFakeGitHub(options);
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

/** A clock the test moves by hand, so minute and hour windows pass instantly. */
function manualClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const createIssue = (fake: FakeGitHub, title = 'x') => call(fake, 'POST', '/repos/acme/shop/issues', { title });

describe('primary rate limit', () => {
  it('a stale reset: the reset time stays in the past and the budget is not restored', async () => {
    const clock = manualClock();
    const past = Math.floor(clock.now() / 1000) - 60;
    await withFake(
      { now: clock.now, rateLimit: { remaining: 3, resetEpochSeconds: past, staleReset: true } },
      async (fake) => {
        clock.advance(3_600_000);
        const { body } = await call(fake, 'GET', '/rate_limit');
        expect((body as { rate: unknown }).rate).toMatchObject({ remaining: 3, reset: past });
      },
    );
  });

  it('reports x-ratelimit-* on every answer; GET /rate_limit is free', async () => {
    const clock = manualClock();
    await withFake({ rateLimit: { limit: 5 }, now: clock.now }, async (fake) => {
      const first = await call(fake, 'GET', '/repos/acme/shop');
      expect(Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-ratelimit')))).toEqual({
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '4',
        'x-ratelimit-used': '1',
        'x-ratelimit-resource': 'core',
        'x-ratelimit-reset': String(clock.now() / 1000 + 3600),
      });
      expect((await call(fake, 'GET', '/nowhere')).headers.get('x-ratelimit-remaining')).toBe('3');
      for (let i = 0; i < 3; i++) await call(fake, 'GET', '/rate_limit');
      const limits = await call(fake, 'GET', '/rate_limit', undefined, { token: null });
      expect(limits.body).toMatchObject({
        resources: { core: { limit: 5, remaining: 3, used: 2 } },
        rate: { remaining: 3 },
      });

      await call(fake, 'GET', '/repos/acme/shop');
      await call(fake, 'GET', '/repos/acme/shop');
      const lastOne = await createIssue(fake);
      expect(lastOne.status).toBe(201);
      expect(lastOne.headers.get('x-ratelimit-remaining')).toBe('0');
      const refused = await createIssue(fake);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect((refused.body as { message: string }).message).toMatch(/^API rate limit exceeded for /);
      expect(fake.state.issues('acme', 'shop')).toHaveLength(1);
      expect(fake.stats.primaryLimitHits).toBe(1);
      expect((await call(fake, 'GET', '/rate_limit')).status).toBe(200);

      clock.advance(3_600_000);
      expect((await createIssue(fake)).headers.get('x-ratelimit-remaining')).toBe('4');
      fake.setRateLimit({ remaining: 0 });
      expect((await createIssue(fake)).status).toBe(403);
    });
  });
});

describe('secondary limits (limits: github)', () => {
  it('allows 80 content-creating requests a minute, then answers 403 with retry-after', async () => {
    const clock = manualClock();
    await withFake({ limits: 'github', now: clock.now }, async (fake) => {
      for (let i = 0; i < 80; i++) expect((await createIssue(fake)).status).toBe(201);
      const refused = await createIssue(fake);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect((refused.body as { message: string }).message).toMatch(/^You have exceeded a secondary rate limit/);
      expect(fake.stats.secondaryLimitHits).toBe(1);
      expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      clock.advance(60_000);
      expect((await createIssue(fake)).status).toBe(201);
    });
  });

  it('allows 500 content-creating requests an hour', async () => {
    const clock = manualClock();
    await withFake({ limits: 'github', now: clock.now }, async (fake) => {
      for (let i = 0; i < 500; i++) {
        if (i % 80 === 0) clock.advance(60_000);
        expect((await createIssue(fake)).status).toBe(201);
      }
      clock.advance(60_000);
      expect((await createIssue(fake)).status).toBe(403);
      clock.advance(3_600_000);
      expect((await createIssue(fake)).status).toBe(201);
    });
  });

  it('counts 900 points a minute, GET 1 and other methods 5', async () => {
    const clock = manualClock();
    await withFake({ limits: 'github', now: clock.now }, async (fake) => {
      const issue = fake.state.createIssue('acme', 'shop', { title: 'edited' });
      const edit = () => call(fake, 'PATCH', `/repos/acme/shop/issues/${issue.number}`, { body: 'b' });
      for (let i = 0; i < 179; i++) expect((await edit()).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      expect((await edit()).status).toBe(403);
      expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(403);
      clock.advance(60_000);
      expect((await edit()).status).toBe(200);
    });
  });

  it('refuses beyond 100 concurrent requests', async () => {
    // Latency long enough that 110 requests sent at once are all in flight together, even on a loaded machine.
    await withFake({ limits: 'github', latencyMs: 1000 }, async (fake) => {
      const answers = await Promise.all(Array.from({ length: 110 }, () => call(fake, 'GET', '/repos/acme/shop')));
      const refused = answers.filter((answer) => answer.status === 403);
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(100);
      expect(fake.stats.maxConcurrent).toBeGreaterThan(100);
    });
  });

  it('has none of this with limits off (the default)', async () => {
    await withFake({}, async (fake) => {
      for (let i = 0; i < 90; i++) expect((await createIssue(fake)).status).toBe(201);
    });
  });
});

describe('latency', () => {
  it('delays answers by latency ± jitter, changeable while running', async () => {
    await withFake({ latencyMs: 40 }, async (fake) => {
      let started = performance.now();
      await call(fake, 'GET', '/repos/acme/shop');
      expect(performance.now() - started).toBeGreaterThanOrEqual(35);
      fake.setLatency(0);
      started = performance.now();
      await call(fake, 'GET', '/repos/acme/shop');
      expect(performance.now() - started).toBeLessThan(35);
    });
  });
});
