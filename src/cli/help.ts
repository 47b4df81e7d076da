/**
 * What `--help` adds after commander's usage, as `gh` does: examples, the exit codes, the environment and where the
 * README says more. Plain text, kept beside the README's tables (CLI reference, Exit codes, Environment).
 */
import { ExitCode } from '../exit-codes.js';

const EXIT_CODES: [number, string][] = [
  [ExitCode.Success, 'success'],
  [ExitCode.PartialFailure, 'partial failure: some items failed, the others were synced; a re-run picks them up'],
  [ExitCode.Usage, 'usage or plan error: nothing was sent to GitHub'],
  [ExitCode.Auth, 'authentication, permission, repository or server error: nothing was changed'],
  [ExitCode.Budget, "GitHub's rate-limit budget cannot cover the sync (refused, or stopped at a consistent point)"],
  [ExitCode.ChangesPending, 'with --dry-run --detailed-exitcode: the dry run succeeded and changes are pending'],
  [ExitCode.Interrupted, 'interrupted by SIGINT (Ctrl-C); the summary says what was done'],
  [ExitCode.Terminated, 'terminated by SIGTERM, likewise'],
];

const ENVIRONMENT: [string, string][] = [
  ['GITHUB_TOKEN, GH_TOKEN', 'the token, when --token is not given (then `gh auth token`)'],
  ['PLANPILOT_PROJECT_TOKEN', 'the token for Projects v2, when --project-token is not given'],
  ['GITHUB_REPOSITORY', "the repository, when neither --repo nor the plan's repo: gives one"],
  ['GITHUB_API_URL', 'the API URL, when --api-url is not given (GitHub Enterprise Server: https://HOST/api/v3)'],
  ['PLANPILOT_REQUEST_TIMEOUT_MS', 'deadline of each HTTP attempt (default 30000)'],
  ['NO_COLOR, FORCE_COLOR', 'no colour / colour even when the output is not a terminal'],
];

const columns = (rows: [string | number, string][]) => {
  const width = Math.max(...rows.map(([key]) => String(key).length));
  return rows.map(([key, text]) => `  ${String(key).padEnd(width)}  ${text}`).join('\n');
};

const README = 'README.md of the planpilot package ("CLI reference", "Exit codes", "Environment")';

export function programHelp(): string {
  return `
Examples:
  $ planpilot validate plans/roadmap.yaml
  $ planpilot sync plans/roadmap.yaml --repo acme/shop --dry-run
  $ planpilot sync plans/roadmap.yaml --repo acme/shop
  $ planpilot sync plans/roadmap.yaml --dry-run --detailed-exitcode   # in CI: exit 10 when changes are pending

Exit codes:
${columns(EXIT_CODES)}

Environment:
${columns(ENVIRONMENT)}

Learn more:
  planpilot <command> --help for a command's flags; the ${README}.`;
}

export function syncHelp(): string {
  return `
Examples:
  $ planpilot sync plans/roadmap.yaml --repo acme/shop --dry-run      # what would change, and what it costs
  $ planpilot sync plans/roadmap.yaml --repo acme/shop                # make GitHub match the plan
  $ planpilot sync plans/roadmap.yaml --prune                         # also close issues whose item left the plan
  $ planpilot sync plans/roadmap.yaml --dry-run --detailed-exitcode   # in CI: exit 10 when changes are pending
  $ planpilot sync plans/roadmap.yaml --json > report.json            # the JSON report on stdout

Exit codes:
${columns(EXIT_CODES)}

Environment:
${columns(ENVIRONMENT)}

Learn more:
  the ${README}.`;
}

/** The one hint after a usage error, naming the command's own help. */
export function usageHint(command?: string): string {
  return `(run planpilot${command ? ` ${command}` : ''} --help for usage)`;
}
