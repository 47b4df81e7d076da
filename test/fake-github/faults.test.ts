/** Injected faults: which requests a rule hits, what each kind answers, and that the seeded choice repeats. */
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from './faults.js';
import { call, octokitFor, outcome } from './harness.js';
import { type FakeGitHub, startFakeGitHub } from './server.js';
import type { FaultRule } from './types.js';

async function withFake(faults: FaultRule[], run: (fake: FakeGitHub) => Promise<void>, seed?: number): Promise<void> {
  const fake = await startFakeGitHub(seed === undefined ? { faults } : { faults, seed });
  try {
    await run(fake);
  } finally {
    await fake.close();
  }
}

const CREATE = 'POST /repos/{owner}/{repo}/issues';
const createIssue = (fake: FakeGitHub, title = 'x') => call(fake, 'POST', '/repos/acme/shop/issues', { title });

describe('fault injection', () => {
  it('answers 502 for the matching route only, and writes nothing', async () => {
    await withFake([{ kind: 'status502', route: CREATE, count: 1 }], async (fake) => {
      const octokit = octokitFor(fake);
      expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      const failed = await outcome(octokit.rest.issues.create({ owner: 'acme', repo: 'shop', title: 'x' }));
      expect(failed).toMatchObject({ status: 502, message: 'Server Error' });
      expect(fake.state.issues('acme', 'shop')).toHaveLength(0);
      expect(fake.requests.at(-1)).toMatchObject({ route: CREATE, status: 502, fault: 'status502' });
      expect((await createIssue(fake)).status).toBe(201);
      expect(fake.stats.faultsInjected).toBe(1);
    });
  });

  it('applied-then-502 really applies the write', async () => {
    await withFake([{ kind: 'applied-then-502', method: 'POST', route: /\/issues$/, count: 1 }], async (fake) => {
      const answer = await createIssue(fake, 'Did it happen?');
      expect(answer.status).toBe(502);
      expect(fake.state.issues('acme', 'shop').map((issue) => issue.title)).toEqual(['Did it happen?']);
    });
  });

  it('stall after N requests: the rest take effect and are never answered', async () => {
    await withFake([{ kind: 'stall', skip: 1 }], async (fake) => {
      const soon = () => ({ signal: AbortSignal.timeout(200) });
      expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      const create = call(fake, 'POST', '/repos/acme/shop/issues', { title: 'Applied, never answered' }, soon());
      await expect(create).rejects.toThrow();
      await expect(call(fake, 'GET', '/repos/acme/shop', undefined, soon())).rejects.toThrow();
      expect(fake.state.issues('acme', 'shop').map((issue) => issue.title)).toEqual(['Applied, never answered']);
      expect(fake.requests.map((r) => [r.fault, r.status])).toEqual([
        [undefined, 200],
        ['stall', 0],
        ['stall', 0],
      ]);
    });
  });

  it('answers secondary limits with 403 or 429 and retry-after when the rule has one', async () => {
    const rules: FaultRule[] = [
      { kind: 'secondary-429', route: CREATE, retryAfter: 7, count: 1 },
      { kind: 'secondary-403', route: CREATE, count: 1 },
    ];
    await withFake(rules, async (fake) => {
      const tooMany = await createIssue(fake);
      expect(tooMany.status).toBe(429);
      expect(tooMany.headers.get('retry-after')).toBe('7');
      expect((tooMany.body as { message: string }).message).toMatch(/secondary rate limit/);
      const forbidden = await createIssue(fake);
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('retry-after')).toBeNull();
      expect(fake.stats.secondaryLimitHits).toBe(2);
    });
  });

  it('primary-limit exhausts the budget', async () => {
    await withFake([{ kind: 'primary-limit', skip: 1, count: 1 }], async (fake) => {
      expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      const refused = await call(fake, 'GET', '/repos/acme/shop');
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    });
  });

  it('drops the connection, or holds it until the client gives up', async () => {
    await withFake(
      [
        { kind: 'drop', count: 1 },
        { kind: 'timeout', route: /\/timeout-me$/ },
      ],
      async (fake) => {
        await expect(call(fake, 'GET', '/repos/acme/shop')).rejects.toThrow();
        expect(fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop' });
        const aborted = call(fake, 'GET', '/repos/acme/shop/timeout-me', undefined, {
          signal: AbortSignal.timeout(100),
        });
        await expect(aborted).rejects.toThrow();
        expect(fake.requests.at(-1)).toMatchObject({ status: 0, fault: 'timeout' });
        expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      },
    );
  });

  it('picks the same requests for the same seed', async () => {
    const statuses = async (seed: number) => {
      const seen: number[] = [];
      await withFake(
        [{ kind: 'status503', rate: 0.5 }],
        async (fake) => {
          for (let i = 0; i < 24; i++) seen.push((await call(fake, 'GET', '/repos/acme/shop')).status);
        },
        seed,
      );
      return seen;
    };
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await statuses(8)).not.toEqual(first);
  });

  it('takes new rules while running, and parses the CLI form', async () => {
    await withFake([], async (fake) => {
      fake.setFaults([parseFaultSpec('status500:1:/labels$')]);
      expect((await call(fake, 'GET', '/repos/acme/shop/labels')).status).toBe(500);
      expect((await call(fake, 'GET', '/repos/acme/shop')).status).toBe(200);
      fake.setFaults([]);
      expect((await call(fake, 'GET', '/repos/acme/shop/labels')).status).toBe(200);
    });
    expect(() => parseFaultSpec('meltdown')).toThrow(/unknown fault kind/);
  });
});
