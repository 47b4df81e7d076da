/** Shared by the fake's own tests: a plain Octokit (no retries, no throttling) and raw fetch against a fake. */
import { Octokit } from '@octokit/rest';
import type { FakeGitHub } from './server.js';

export const TOKEN = 'ghp_fakeGitHubTestToken000000000000000000';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function octokitFor(fake: FakeGitHub, options: { token?: string; baseUrl?: string } = {}): Octokit {
  return new Octokit({ auth: options.token ?? TOKEN, baseUrl: options.baseUrl ?? fake.url, log: silent });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** One request, JSON in and out; `token: null` sends none. */
export async function call(
  fake: FakeGitHub,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; raw?: string; signal?: AbortSignal } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${fake.url}${path}`, { method, headers, body: payload, signal: options.signal });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The status and message of an Octokit RequestError, or of success. */
export async function outcome(promise: Promise<{ status: number }>): Promise<{ status: number; message?: string }> {
  try {
    return { status: (await promise).status };
  } catch (error) {
    const e = error as { status?: number; response?: { data?: { message?: string } } };
    if (e.status === undefined) throw error;
    return { status: e.status, message: e.response?.data?.message };
  }
}
