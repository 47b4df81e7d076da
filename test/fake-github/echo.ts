/**
 * Answers that carry more than GitHub's data, for tests of what planpilot prints: a deprecation notice, and a string
 * echoed into every `html_url` (a proxy or a misconfigured server that reflects a token back). Off unless asked for.
 */
import type { FakeGitHubOptions } from './types.js';

/**
 * GitHub marks a deprecated endpoint with a `Deprecation` header, a `Sunset` date and a `Link` with
 * `rel="deprecation"`; @octokit/request logs a warning naming the request's URL and that link when it sees them.
 */
export function deprecationHeaders(options: FakeGitHubOptions): Record<string, string> {
  if (!options.deprecation) return {};
  return {
    deprecation: 'true',
    sunset: 'Wed, 01 Jan 2031 00:00:00 GMT',
    link: `<${options.deprecation.link}>; rel="deprecation"; type="text/html"`,
  };
}

/** The body with `echo` appended, as a query, to every `html_url` in it; the body itself is left alone. */
export function echoIntoHtmlUrls(body: unknown, options: FakeGitHubOptions): unknown {
  const echo = options.echoInHtmlUrl;
  if (echo === undefined) return body;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === 'html_url' && typeof inner === 'string' ? `${inner}?echo=${echo}` : walk(inner),
      ]),
    );
  };
  return walk(body);
}
