/** Where the GitHub REST API lives: github.com, a GitHub Enterprise Server (`https://HOST/api/v3`) or a local fake. */
import { UsageError } from '../errors.js';

export const DEFAULT_API_URL = 'https://api.github.com';

/** `flagName` names the flag (or the Action's input) in messages. */
export function resolveApiUrl(flag?: string, env: NodeJS.ProcessEnv = process.env, flagName = '--api-url'): string {
  const fromFlag = flag?.trim();
  const fromEnv = env.GITHUB_API_URL?.trim();
  const [raw, origin] = fromFlag ? [fromFlag, flagName] : fromEnv ? [fromEnv, 'GITHUB_API_URL'] : [DEFAULT_API_URL, ''];
  const shown = shownUrl(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `${origin} must be a URL such as https://api.github.com or https://HOST/api/v3; got '${shown}'`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${origin} must be an https:// URL; got '${shown}'`);
  }
  // The token travels in a header: over plain http anyone on the path could read it. Loopback never leaves the machine.
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(
      `${origin} uses http:// for ${url.hostname}, which would send the token unencrypted; use https:// ` +
        '(http:// is accepted only for localhost, 127.0.0.0/8 and [::1])',
    );
  }
  if (url.username || url.password) {
    throw new UsageError(`${origin} must not contain credentials; pass the token with --token or GITHUB_TOKEN`);
  }
  if (url.search || url.hash) {
    throw new UsageError(`${origin} must not have a query or fragment; got '${shown}'`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * The URL as a message may echo it: without user-info (`https://x-access-token:TOKEN@host` is how tokens travel in
 * URLs), query and fragment (`?access_token=`). Works on text that does not parse as a URL, too.
 */
export function shownUrl(raw: string): string {
  // Everything up to the last '@' counts as user-info, in a URL or in text that only looks like one: a password may
  // hold '/' (so the host cannot be found first), and an API URL has no '@' elsewhere.
  const scheme = /^[^/?#@]*?:\/\//.exec(raw)?.[0] ?? '';
  let rest = raw.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at !== -1) rest = `…@${rest.slice(at + 1)}`;
  const cut = rest.search(/[?#]/);
  return `${scheme}${cut === -1 ? rest : `${rest.slice(0, cut)}${rest[cut]}…`}`;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
