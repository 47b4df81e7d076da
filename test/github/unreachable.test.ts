/** A server that cannot be reached stops the run after one quick retry, in words, instead of the full retry budget. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ServerUnreachableError } from '../../src/errors.js';
import { displayUrl } from '../../src/github/liveness.js';
import { closedPort } from '../helpers/closed-port.js';
import { API, makeClient, useNock } from './helpers.js';

const repo = { owner: 'o', repo: 'r' };

describe('before the first answer', () => {
  it('a refused connection is tried twice, then ServerUnreachableError (exit 3) names the URL and the cause', async () => {
    const port = await closedPort();
    const client = makeClient({ apiUrl: `http://127.0.0.1:${port}`, maxRetries: 3 });
    const error = await client.octokit.rest.repos.get(repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as ServerUnreachableError).exitCode).toBe(3);
    expect((error as Error).message).toContain(`Cannot reach GitHub at http://127.0.0.1:${port}: connection refused`);
    // Two attempts, not the four of the retry budget; later requests are not even sent.
    expect(client.stats().total).toBe(2);
    await expect(client.octokit.rest.issues.listForRepo(repo)).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(client.stats().total).toBe(2);
    expect(client.logs).toEqual([expect.stringMatching(/connection refused.*trying once more/)]);
  });

  describe('with nock', () => {
    useNock();
    for (const [code, words] of [
      ['ENOTFOUND', 'host not found'],
      ['EAI_AGAIN', 'host not found (the DNS lookup failed)'],
      ['EHOSTUNREACH', 'host unreachable'],
    ] as const) {
      it(`${code} reads "${words}" and is tried twice`, async () => {
        const scope = nock(API)
          .get('/repos/o/r')
          .times(2)
          .replyWithError({ code, message: `getaddrinfo ${code} api.github.test` });
        const error = await makeClient({ maxRetries: 3 })
          .octokit.rest.repos.get(repo)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ServerUnreachableError);
        expect((error as Error).message).toContain(`${API}: ${words}`);
        expect(scope.isDone()).toBe(true);
      });
    }
  });
});

describe('after an answer', () => {
  useNock();
  it('a refused connection is an ordinary network error: retried within the retry budget', async () => {
    nock(API).get('/repos/o/r').reply(200, { id: 1 });
    nock(API)
      .get('/repos/o/r/issues')
      .times(4)
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const client = makeClient({ maxRetries: 3 });
    await client.octokit.rest.repos.get(repo);
    const error = await client.octokit.rest.issues.listForRepo(repo).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ServerUnreachableError);
    expect(error).toMatchObject({ status: 500, message: expect.stringContaining('connection refused') });
    expect(client.stats().total).toBe(5);
  });
});

it('messages show the URL without user-info (fetch refuses such a URL; the CLI refuses it earlier)', () => {
  expect(displayUrl('https://someone:hunter2@ghe.example/api/v3/')).toBe('https://ghe.example/api/v3');
});
