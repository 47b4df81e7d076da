/**
 * A stateful fake of GitHub's REST API for the subset planpilot uses, on node:http. Answers like GitHub (shapes
 * checked against @octokit/openapi), with latency, seeded fault injection and GitHub's rate limits.
 * Serves both `/…` (api.github.com) and `/api/v3/…` (GitHub Enterprise Server).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deprecationHeaders, echoIntoHtmlUrls } from './echo.js';
import { enterpriseCapabilities } from './enterprise.js';
import { createRandom, FaultInjector } from './faults.js';
import { PrimaryLimit, SecondaryLimits } from './limits.js';
import { decide, type Outcome, type Pipeline } from './pipeline.js';
import { ProjectStore } from './projects-state.js';
import { compileRoutes, matchRoute } from './router.js';
import { graphqlRoutes, loadGraphQLSchema } from './routes/graphql.js';
import { issueRoutes } from './routes/issues.js';
import { metaRoutes } from './routes/meta.js';
import { projectRoutes } from './routes/projects.js';
import { relationRoutes } from './routes/relations.js';
import { repoRoutes } from './routes/repo.js';
import { FakeState } from './state.js';
import type { FakeGitHubOptions, FakeStats, FaultRule, RateLimitOptions, RecordedRequest } from './types.js';

export type { ReadableValue } from './projects-state.js';
export { ProjectStore } from './projects-state.js';
export type * from './records.js';
export { FakeState } from './state.js';
export type * from './types.js';

export interface FakeGitHub {
  /** Base URL to give Octokit as `baseUrl`, e.g. `http://127.0.0.1:40123`; append `/api/v3` to pose as GHES. */
  url: string;
  port: number;
  /** Every request, in arrival order. Clear with `requests.length = 0`. */
  requests: RecordedRequest[];
  state: FakeState;
  projects: ProjectStore;
  stats: FakeStats;
  close(): Promise<void>;
  setFaults(rules: FaultRule[]): void;
  setRateLimit(rateLimit: RateLimitOptions): void;
  setLatency(latencyMs: number, jitterMs?: number): void;
  /** Called once a request has its answer (or was dropped). Returns a function that unsubscribes. */
  onRequest(listener: (request: RecordedRequest) => void): () => void;
  /**
   * Freezes the server until release(): requests that arrive are recorded but not handled, and answers not yet sent
   * are held back. With nothing answered, a client bounded by a p-limit can send nothing new: what arrives meanwhile
   * was in flight already. Tests of interrupts use it to make "after the signal" exact.
   */
  hold(): void;
  release(): void;
}

/** A socket held by a `timeout` fault is closed after this long if the client has not given up. */
const TIMEOUT_FAULT_MS = 30_000;

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const now = options.now ?? Date.now;
  const enterprise = options.enterprise;
  const capabilities = {
    ...(enterprise
      ? enterpriseCapabilities(enterprise.version)
      : { subIssues: true, dependencies: true, issueTypes: true, projects: true, graphqlSubIssues: true }),
    ...options.capabilities,
  };
  if (enterprise) loadGraphQLSchema();
  const state = new FakeState(now, capabilities, options.viewer ?? 'octocat', options.users ?? []);
  for (const repo of options.repos ?? [{ owner: 'acme', name: 'shop', ownerType: 'Organization' as const }]) {
    state.addRepo(repo);
  }
  state.enterpriseVersion = enterprise?.version;
  for (const [token, login] of Object.entries(options.actors ?? {})) state.actors.set(token, login);
  const projects = new ProjectStore(state);
  for (const project of options.projects ?? []) projects.createProject(project);
  const seed = options.seed ?? 1;
  const latencyRandom = createRandom(seed + 1);
  let latencyMs = options.latencyMs ?? 0;
  let jitterMs = options.jitterMs ?? 0;
  const requests: RecordedRequest[] = [];
  const listeners = new Set<(request: RecordedRequest) => void>();
  const held = new Set<NodeJS.Timeout>();
  let gate = undefined as { promise: Promise<void>; release: () => void } | undefined;
  const whileHeld = async () => {
    for (let g = gate; g; g = gate) await g.promise;
  };
  const stats: FakeStats = { secondaryLimitHits: 0, primaryLimitHits: 0, faultsInjected: 0, maxConcurrent: 0 };

  const pipeline: Pipeline = {
    options,
    state,
    projects,
    routes: compileRoutes([
      ...metaRoutes,
      ...repoRoutes,
      ...issueRoutes,
      ...relationRoutes,
      ...projectRoutes,
      ...graphqlRoutes,
    ]),
    faults: new FaultInjector(createRandom(seed), options.faults ?? []),
    primary: new PrimaryLimit(now, options.rateLimit),
    secondary: options.limits === 'github' ? new SecondaryLimits(now) : undefined,
    stats,
    inflight: 0,
    overlaps: new Map(),
    nextRequestId: 1,
  };

  const delay = (): Promise<void> => {
    const ms = Math.max(0, latencyMs + (latencyRandom() * 2 - 1) * jitterMs);
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    // GHES serves REST under /api/v3 and GraphQL at /api/graphql; github.com at the root. Posing as GHES, the root
    // answers nothing.
    const prefixed = url.pathname === '/api/v3' || url.pathname.startsWith('/api/v3/');
    const graphqlPath = url.pathname === '/api/graphql';
    const path = graphqlPath ? '/graphql' : prefixed ? url.pathname.slice('/api/v3'.length) || '/' : url.pathname;
    const outsideEnterprise = enterprise !== undefined && !prefixed && !graphqlPath;
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const match = matchRoute(pipeline.routes, method, path);
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      route: match ? match.route.template : 'unknown',
      body: parseBody(raw),
      status: 0,
      time,
      ...(typeof req.headers['x-github-api-version'] === 'string'
        ? { apiVersion: req.headers['x-github-api-version'] }
        : {}),
    };
    requests.push(record);
    pipeline.inflight += 1;
    stats.maxConcurrent = Math.max(stats.maxConcurrent, pipeline.inflight);
    const base = `http://${req.headers.host ?? `127.0.0.1:${port}`}${prefixed || graphqlPath ? '/api/v3' : ''}`;
    const finish = (outcome: Outcome) => {
      pipeline.inflight -= 1;
      if (outcome.kind === 'respond') {
        record.status = outcome.status;
        const body = echoIntoHtmlUrls(outcome.body, options);
        if (options.recordResponses) record.response = body;
        if (!res.destroyed && !res.writableEnded) {
          const text = body === undefined ? '' : JSON.stringify(body);
          const headers: Record<string, string> = { ...outcome.headers, ...deprecationHeaders(options) };
          if (text) headers['content-type'] = 'application/json; charset=utf-8';
          headers['content-length'] = String(Buffer.byteLength(text));
          res.writeHead(outcome.status, headers);
          res.end(text);
        }
      } else if (outcome.kind === 'drop') {
        res.socket?.destroy();
      } else {
        const timer = setTimeout(() => {
          held.delete(timer);
          res.socket?.destroy();
        }, TIMEOUT_FAULT_MS);
        held.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          held.delete(timer);
        });
      }
      for (const listener of listeners) listener(record);
    };
    try {
      const routed = outsideEnterprise ? undefined : match;
      await whileHeld();
      const outcome = await decide(pipeline, { req, method, path, url, raw, record, match: routed, base, delay });
      await whileHeld();
      finish(outcome);
    } catch (error) {
      // A bug in the fake, not a GitHub answer: say so loudly.
      console.error('fake-github: handler crashed', error);
      finish({
        kind: 'respond',
        status: 500,
        body: { message: 'Fake GitHub crashed', error: String(error) },
        headers: {},
      });
    }
  }

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    state,
    projects,
    stats,
    async close() {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setFaults: (rules) => pipeline.faults.set(rules),
    setRateLimit: (rateLimit) => pipeline.primary.set(rateLimit),
    setLatency(ms, jitter = 0) {
      latencyMs = ms;
      jitterMs = jitter;
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hold() {
      if (gate) return;
      let release = () => {};
      const promise = new Promise<void>((resolve) => {
        release = resolve;
      });
      gate = { promise, release };
    },
    release() {
      const held = gate;
      gate = undefined;
      held?.release();
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The parsed JSON body, undefined when empty, or the raw text when it is not JSON. */
export function parseBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
