import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ClientOptions, createGitHubClient, type GitHubClient } from '../../src/github/client.js';
import type { Clock } from '../../src/github/pacer.js';

export const API = 'https://api.github.test';
export const TOKEN = 'ghp_TestToken0123456789abcdefABCDEF';

export interface TestClient extends GitHubClient {
  logs: string[];
}

export function makeClient(overrides: Partial<ClientOptions> = {}): TestClient {
  const logs: string[] = [];
  const client = createGitHubClient({
    token: TOKEN,
    apiUrl: API,
    maxConcurrency: 10,
    pacing: 'off',
    retryBaseDelayMs: 1,
    log: (message) => logs.push(message),
    ...overrides,
  });
  return { ...client, logs };
}

/** nock for every test file: no real network, and no interceptor left over from one test to the next. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) throw new Error(`unused interceptors: ${pending.join(', ')}`);
  });
  afterAll(() => nock.enableNetConnect());
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lets every pending promise callback run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that moves only when told to, firing due sleeps in time order. */
export class FakeClock implements Clock {
  private time = 0;
  private timers: { due: number; resolve: () => void }[] = [];
  sleeps = 0;

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps++;
    return new Promise((resolve) => this.timers.push({ due: this.time + ms, resolve }));
  }

  async advanceTo(target: number): Promise<void> {
    await flush();
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.due);
      this.timers = this.timers.filter((t) => t !== next);
      next.resolve();
      await flush();
    }
    this.time = Math.max(this.time, target);
    await flush();
  }
}

/** Tracks which of a set of promises have settled, to assert "still waiting" without awaiting. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  return { settled: () => done, promise };
}
