/**
 * `npm run fake-github -- --port 0 [options]`: runs the fake GitHub until SIGINT or SIGTERM and prints
 * `FAKE_GITHUB_URL=http://127.0.0.1:PORT` on stdout once it listens (append `/api/v3` to pose as GHES).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseFaultSpec } from './faults.js';
import { startFakeGitHub } from './server.js';
import type { FakeGitHubOptions, FakeProjectFieldOptions, FakeRepoOptions, FaultRule } from './types.js';

const USAGE = `Usage: npm run fake-github -- [options]
  --port N              port to listen on (default 0: a free one)
  --host H              address to listen on (default 127.0.0.1)
  --latency MS          added to every answer (default 0)
  --jitter MS           latency varies by ± this much (default 0)
  --seed N              seed for faults and jitter (default 1)
  --limits github|off   GitHub's secondary rate limits (default off)
  --rate-limit N        primary budget per hour (default 5000)
  --fault SPEC          kind[:rate[:path-regex]], repeatable, e.g. status502:0.05 or timeout:0.01:/sub_issues
  --fault-rate R        share of requests that fail, spread over --fault-kinds
  --fault-kinds K,K     kinds for --fault-rate (default status502,status503)
  --token T             accepted token, repeatable (default: any)
  --repo OWNER/NAME     repository, repeatable (default acme/shop); OWNER/NAME:user for a user-owned one
  --project OWNER/N     a Projects v2 project with Status, Priority, Estimate, Target date, Sprint and Notes
  --no-sub-issues, --no-dependencies, --no-issue-types, --no-projects
                        pose as an older GitHub Enterprise Server without them (404)`;

/** The fields `--project` gives a project, besides the built-in ones and Status. */
const DEMO_FIELDS: FakeProjectFieldOptions[] = [
  { name: 'Priority', type: 'single_select', options: ['P0', 'P1', 'P2', 'P3'] },
  { name: 'Estimate', type: 'number' },
  { name: 'Target date', type: 'date' },
  { name: 'Sprint', type: 'iteration', iterations: ['Sprint 1', 'Sprint 2', 'Sprint 3'] },
  { name: 'Notes', type: 'text' },
];

export function parseCliOptions(argv: string[]): FakeGitHubOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      seed: { type: 'string' },
      limits: { type: 'string', default: 'off' },
      'rate-limit': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'fault-rate': { type: 'string' },
      'fault-kinds': { type: 'string', default: 'status502,status503' },
      token: { type: 'string', multiple: true },
      repo: { type: 'string', multiple: true },
      project: { type: 'string', multiple: true },
      'no-sub-issues': { type: 'boolean', default: false },
      'no-dependencies': { type: 'boolean', default: false },
      'no-issue-types': { type: 'boolean', default: false },
      'no-projects': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  if (values.limits !== 'github' && values.limits !== 'off') throw new UsageError('--limits is github or off');
  const options: FakeGitHubOptions = {
    port: integer('--port', values.port),
    limits: values.limits,
    capabilities: {
      subIssues: !values['no-sub-issues'],
      dependencies: !values['no-dependencies'],
      issueTypes: !values['no-issue-types'],
      projects: !values['no-projects'],
    },
    faults: faultRules(values.fault ?? [], values['fault-rate'], values['fault-kinds']),
  };
  if (values.host) options.host = values.host;
  if (values.latency !== undefined) options.latencyMs = integer('--latency', values.latency);
  if (values.jitter !== undefined) options.jitterMs = integer('--jitter', values.jitter);
  if (values.seed !== undefined) options.seed = integer('--seed', values.seed);
  if (values['rate-limit'] !== undefined) options.rateLimit = { limit: integer('--rate-limit', values['rate-limit']) };
  if (values.token) options.tokens = values.token;
  if (values.repo) options.repos = values.repo.map(repoOption);
  if (values.project) {
    options.projects = values.project.map((spec) => {
      const match = /^([^/\s]+)\/(\d+)$/.exec(spec);
      if (!match) throw new UsageError(`--project takes OWNER/NUMBER, not "${spec}"`);
      return { owner: match[1]!, number: Number(match[2]), title: 'Roadmap', fields: DEMO_FIELDS };
    });
  }
  return options;
}

class UsageError extends Error {}

function integer(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

function repoOption(spec: string): FakeRepoOptions {
  const match = /^([^/\s]+)\/([^/\s:]+)(?::(user|org))?$/.exec(spec);
  if (!match) throw new UsageError(`--repo takes OWNER/NAME[:user], not "${spec}"`);
  return { owner: match[1]!, name: match[2]!, ownerType: match[3] === 'user' ? 'User' : 'Organization' };
}

/** `--fault-rate R` spreads R evenly over the kinds, so about R of all requests fail. */
function faultRules(specs: string[], rate: string | undefined, kinds: string): FaultRule[] {
  const rules = specs.map((spec) => {
    try {
      return parseFaultSpec(spec);
    } catch (error) {
      throw new UsageError(`--fault: ${(error as Error).message}`);
    }
  });
  if (rate === undefined) return rules;
  const total = Number(rate);
  if (!(total >= 0 && total <= 1)) throw new UsageError(`--fault-rate takes a share from 0 to 1, not "${rate}"`);
  const list = kinds.split(',').map((kind) => kind.trim());
  list.forEach((kind, index) => {
    // Each rule sees only what the earlier ones let through: scale so the shares come out equal.
    const share = total / list.length / (1 - (total / list.length) * index);
    rules.push({ ...parseFaultSpec(kind), rate: share });
  });
  return rules;
}

async function main(): Promise<void> {
  let options: FakeGitHubOptions;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    const usage =
      error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    const message = (error as Error).message;
    if (message) process.stderr.write(`${message}\n\n${USAGE}\n`);
    else process.stdout.write(`${USAGE}\n`);
    process.exitCode = message ? 2 : 0;
    return;
  }
  const fake = await startFakeGitHub(options);
  process.stdout.write(`FAKE_GITHUB_URL=${fake.url}\n`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
