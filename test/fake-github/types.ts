/** Public option and record types of the fake GitHub server. */

export interface FakeRepoOptions {
  owner: string;
  name: string;
  ownerType?: 'Organization' | 'User';
  hasIssues?: boolean;
  permissions?: { admin: boolean; push: boolean; pull: boolean };
  /** Default ['Epic','Story','Task','Bug','Feature'] for organisations; user-owned repositories have none. */
  issueTypes?: string[];
  private?: boolean;
}

export type FaultKind =
  | 'status500'
  | 'status502'
  | 'status503'
  /** Never answers until the client aborts; the socket is closed after 30 s. */
  | 'timeout'
  /** Destroys the socket without a response. */
  | 'drop'
  /** Applies the write, then answers 502. */
  | 'applied-then-502'
  /**
   * Takes effect (a write is applied), then never answers, like a server that stops answering mid-run: with
   * `skip: N` and no route, every request after the first N.
   */
  | 'stall'
  | 'secondary-403'
  | 'secondary-429'
  | 'primary-limit'
  /** Answers 200 with a JSON object where a list is documented (a proxy's page, say). */
  | 'malformed-200';

export interface FaultRule {
  kind: FaultKind;
  method?: string;
  /** A string matches the route template ('POST /repos/{owner}/{repo}/issues' or without the method) or the pathname; a RegExp is tested against the pathname. */
  route?: string | RegExp;
  /** Share of matching requests that fault, 0..1, default 1. */
  rate?: number;
  /** Let the first N matching requests through. */
  skip?: number;
  /** At most N faults from this rule. */
  count?: number;
  /** Seconds, for secondary-*; the header is omitted when undefined. */
  retryAfter?: number;
}

/** What the server offers; switch one off to pose as an older GitHub Enterprise Server (its routes answer 404). */
export interface Capabilities {
  subIssues: boolean;
  dependencies: boolean;
  issueTypes: boolean;
  /** Projects v2 REST endpoints (`/orgs/{org}/projectsV2/…`); GHES up to 3.19 has none. */
  projects: boolean;
  /** GraphQL `addSubIssue` / `removeSubIssue` (github.com; GHES from 3.16). */
  graphqlSubIssues: boolean;
}

/** A project field to seed. `Title` and the other built-in fields, and `Status`, exist without being listed. */
export type FakeProjectFieldOptions =
  | { name: string; type: 'text' | 'number' | 'date' }
  | {
      name: string;
      type: 'single_select';
      /** Option names, or objects with GitHub's colours (GRAY, BLUE, GREEN, YELLOW, ORANGE, RED, PINK, PURPLE). */
      options: (string | { name: string; color?: string; description?: string })[];
    }
  | {
      name: string;
      type: 'iteration';
      /** Iteration titles (each `duration` days after the previous), or objects; start `startDate`, default today. */
      iterations: (string | { title: string; startDate?: string; duration?: number })[];
      startDate?: string;
      /** Days per iteration, default 14. */
      duration?: number;
    };

export interface FakeProjectOptions {
  /** Organisation or user login. */
  owner: string;
  /** Default: the owner's type if known (repositories seed them), else 'Organization'. */
  ownerType?: 'Organization' | 'User';
  /** Default: the owner's next free number. */
  number?: number;
  title?: string;
  public?: boolean;
  /** Custom fields; a field named `Status` replaces the default Todo / In Progress / Done one. */
  fields?: FakeProjectFieldOptions[];
}

export interface RateLimitOptions {
  limit?: number;
  remaining?: number;
  resetEpochSeconds?: number;
  /**
   * The reset comes this many seconds after the next request arrives (rather than at a fixed time), so a test of
   * waiting for it does not depend on how long the client takes to start.
   */
  resetSecondsAfterNextRequest?: number;
  /**
   * The window never rolls over: a reset time in the past stays reported while `remaining` stays low (what a client
   * sees when its clock runs ahead of GitHub's, or when GitHub is late restoring the budget).
   */
  staleReset?: boolean;
}

export interface FakeGitHubOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  jitterMs?: number;
  seed?: number;
  faults?: FaultRule[];
  limits?: 'off' | 'github';
  capabilities?: Partial<Capabilities>;
  /**
   * Pose as GitHub Enterprise Server of this version (e.g. '3.17.0'): served under `/api/v3` (GraphQL at
   * `/api/graphql`) only, `GET /meta` names the version, rate limiting is off (`GET /rate_limit` answers 404), and
   * the features are those GitHub's descriptions give the version (see `enterpriseCapabilities`).
   */
  enterprise?: { version: string };
  /** Accepted tokens; default: any non-empty token. */
  tokens?: string[];
  /** Tokens allowed to reach Projects v2; when unset every accepted token may. */
  projectTokens?: string[];
  /** Default [{ owner: 'acme', name: 'shop', ownerType: 'Organization' }]; unknown repositories answer 404. */
  repos?: FakeRepoOptions[];
  rateLimit?: RateLimitOptions;
  /** Login of the authenticated user, author of created issues. Default 'octocat'. */
  viewer?: string;
  /** Tokens that act as other people: token → login (the author of the issues that token opens). */
  actors?: Record<string, string>;
  /** Logins that may be assigned, besides 'octocat', 'hubot', 'monalisa', the viewer and repository owners. */
  users?: string[];
  /** Clock in epoch milliseconds, for timestamps and limit windows; inject one to make limit tests instant. */
  now?: () => number;
  /** Validate request bodies against GitHub's OpenAPI description (default true). */
  validateRequests?: boolean;
  /** Projects v2 to create at start. */
  projects?: FakeProjectOptions[];
  /** Keep each answer's JSON body in `requests[i].response` (for conformance checks; costs memory). */
  recordResponses?: boolean;
  /** Mark every answer deprecated (`Deprecation`, `Sunset`, `Link: <link>; rel="deprecation"`); see echo.ts. */
  deprecation?: { link: string };
  /** Append `?echo=<this>` to every `html_url` answered, as a server reflecting a token back would; see echo.ts. */
  echoInHtmlUrl?: string;
}

export interface RecordedRequest {
  method: string;
  /** Pathname without the `/api/v3` prefix. */
  path: string;
  query: Record<string, string>;
  /** Template like 'POST /repos/{owner}/{repo}/issues'; 'unknown' when no route matched. */
  route: string;
  body: unknown;
  /** 0 when the request was dropped or timed out. */
  status: number;
  /** Arrival time, epoch milliseconds from the server clock. */
  time: number;
  /** Set when a fault rule decided the answer. */
  fault?: FaultKind;
  /** The JSON body answered, when the server runs with `recordResponses`. */
  response?: unknown;
  /** The `X-GitHub-Api-Version` header sent, if any. */
  apiVersion?: string;
}

export interface FakeStats {
  secondaryLimitHits: number;
  primaryLimitHits: number;
  faultsInjected: number;
  maxConcurrent: number;
}
