import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { redactDeep, redactError, redactSecrets } from '../../src/github/redact.js';
import { API, makeClient, TOKEN, useNock } from './helpers.js';

useNock();

function expectNoToken(error: unknown) {
  const e = error as Error;
  for (const text of [String(e), e.message, e.stack ?? '', JSON.stringify(e), String(e.cause)]) {
    expect(text).not.toContain(TOKEN);
  }
}

describe('token redaction', () => {
  it('removes the token from errors even when the server echoes it back', async () => {
    let seen = '';
    nock(API)
      .get('/repos/o/r')
      .reply(function () {
        seen = String(this.req.headers.authorization);
        return [400, { message: `Malformed request with header ${seen}` }];
      });
    const client = makeClient();
    const error = await client.octokit.rest.repos.get({ owner: 'o', repo: 'r' }).catch((e: unknown) => e);
    expect(seen).toContain(TOKEN); // the echo really carried the token
    expect((error as Error).message).toContain('[REDACTED]');
    expectNoToken(error);
  });

  it('removes the token from network errors and from a RateLimitError and its cause', async () => {
    nock(API).get('/a').replyWithError(`connect refused for ${TOKEN}`);
    nock(API)
      .get('/b')
      .reply(
        403,
        { message: `limit for ${TOKEN}` },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4102444800' },
      );
    const client = makeClient({ maxRetries: 0 });
    for (const path of ['/a', '/b']) {
      const error = await client.octokit.request(`GET ${path}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expectNoToken(error);
    }
  });

  it('removes the token from log lines', () => {
    const client = makeClient();
    client.octokit.log.warn(`deprecated endpoint called with ${TOKEN}`);
    expect(client.logs).toEqual(['deprecated endpoint called with [REDACTED]']);
  });

  it("routes @octokit/request's deprecation notice through the redacting log, at every level, never console", async () => {
    nock(API)
      .get('/repos/o/r')
      .reply(
        200,
        { id: 1 },
        {
          deprecation: 'true',
          sunset: 'Wed, 01 Jan 2031 00:00:00 GMT',
          link: `<https://docs.example.com/?seen=${TOKEN}>; rel="deprecation"`,
        },
      );
    const chatter: string[] = [];
    const client = makeClient({ debug: (message) => chatter.push(message) });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await client.octokit.rest.repos.get({ owner: 'o', repo: 'r' });
      client.octokit.log.info(`info ${TOKEN}`);
      client.octokit.log.error(`error ${TOKEN}`);
      client.octokit.log.debug(`debug ${TOKEN}`);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(client.logs).toEqual([
      expect.stringMatching(/is deprecated\. .* See https:\/\/docs\.example\.com\/\?seen=\[REDACTED\]$/),
    ]);
    expect(chatter.join('\n')).not.toContain(TOKEN);
    expect(chatter).toEqual(expect.arrayContaining(['info [REDACTED]', 'error [REDACTED]', 'debug [REDACTED]']));
  });

  it('redactSecrets replaces every occurrence and leaves other text alone', () => {
    expect(redactSecrets('a SECRET b SECRET', ['SECRET'])).toBe('a [REDACTED] b [REDACTED]');
    expect(redactSecrets('nothing here', ['SECRET'])).toBe('nothing here');
    expect(redactSecrets('abc', [''])).toBe('abc');
  });

  it('redactError walks nested objects and survives cycles', () => {
    const error = Object.assign(new Error('x SECRET'), { request: { url: '/?t=SECRET', headers: { a: 'SECRET' } } });
    (error as unknown as { self: unknown }).self = error;
    redactError(error, ['SECRET']);
    expect([error.message, error.stack, error.request.url, error.request.headers.a].join()).not.toContain('SECRET');
  });

  it('redactDeep copies a report with every string redacted, keys included, and leaves the original alone', () => {
    const report = { items: [{ url: 'https://x/?t=SECRET', n: 1, none: null }], SECRET: ['SECRET'] };
    expect(redactDeep(report, ['SECRET'])).toEqual({
      items: [{ url: 'https://x/?t=[REDACTED]', n: 1, none: null }],
      '[REDACTED]': ['[REDACTED]'],
    });
    expect(report.items[0]?.url).toBe('https://x/?t=SECRET');
  });
});
