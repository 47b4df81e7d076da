/**
 * The command line: a thin shell that parses flags and hands over to the library. Only commander and the flag
 * parsers load at start-up; each command imports what it needs when it runs (dynamic import()), so `--help`,
 * `--version` and `validate` do not load Octokit or the sync engine (start-up time, issue 18).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { parseLabel, parseMaxConcurrency, parseMaxPrune } from '../settings/parsers.js';
import { VERSION } from '../version.js';
import { programHelp, syncHelp, usageHint } from './help.js';
import type { ImportFlags } from './import-command.js';
import { type Output, processOutput } from './output.js';
import type { StatusFlags } from './status-command.js';
import type { SyncFlags } from './sync-command.js';

export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  let exitCode: number = ExitCode.Success;
  const program = new Command()
    .name('planpilot')
    .description('Keep a roadmap in GitHub: sync a YAML plan of epics, stories and tasks to issues.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    // Set before the commands are added, so that they inherit it: every usage error reads `planpilot: …`.
    .configureOutput({
      writeOut: (text) => out.stdout(text.trimEnd()),
      writeErr: (text) => out.stderr(text.trimEnd()),
      outputError: (text, write) => write(`planpilot: ${usageMessage(text.trim())}`),
    })
    .showHelpAfterError(usageHint())
    .addHelpText('after', programHelp());

  program
    .command('validate')
    .description('check a plan file and print a summary; sends nothing to GitHub')
    .argument('<plan>', 'path of the plan file (YAML or JSON)')
    .option('--json', 'print a machine-readable result on stdout')
    .showHelpAfterError(usageHint('validate'))
    .action(async (file: string, options: { json?: boolean }) => {
      const { validateCommand } = await import('./validate-command.js');
      exitCode = await validateCommand(file, options, out);
    });

  program
    .command('sync')
    .description('make GitHub match the plan: issues, sub-issues, blocked-by links, labels, milestones')
    .argument('<plan>', 'path of the plan file (YAML or JSON)')
    .option('--repo <owner/name>', "repository to sync (default: the plan's repo:, then GITHUB_REPOSITORY)")
    .option('--max-concurrency <n>', 'requests in flight at most, 1 to 100', commanderParser(parseMaxConcurrency), 5)
    .option('--dry-run', 'print the change set without writing anything; works offline without a token')
    .option(
      '--detailed-exitcode',
      `with --dry-run: exit ${ExitCode.ChangesPending} when changes are pending, 0 when GitHub already matches the plan`,
    )
    .option('--prune', 'close issues whose item left the plan (reason: not planned)')
    .option(
      '--max-prune <n>',
      "most issues one --prune may close (default: 10, and at most a quarter of the plan's issues, at least 3)",
      commanderParser(parseMaxPrune),
    )
    .option('--label <name>', 'the label that marks managed issues', commanderParser(parseLabel), 'planpilot')
    .option('--relabel', "move the plan's issues found under another label (the label was changed) to --label")
    .option('--separate-plan', 'this plan is not a rename of the plan whose item ids and titles it shares')
    .option('--json', 'print the JSON report on stdout (human output goes to stderr)')
    .option('--token <token>', 'GitHub token (default: GITHUB_TOKEN, GH_TOKEN, then `gh auth token`)')
    .option(
      '--project-token <token>',
      'token for Projects v2 calls (default: PLANPILOT_PROJECT_TOKEN, then the GitHub token)',
    )
    .option('--api-url <url>', 'GitHub API URL (default: GITHUB_API_URL, then https://api.github.com)')
    .addOption(
      new Option('--pacing <mode>', "github: keep to GitHub's secondary limits; off: for GHES without limits")
        .choices(['github', 'off'])
        .default('github'),
    )
    .option('--close-completed', 'after the sync, close parents whose children are all closed (and reopen them)')
    .option('--wait-for-budget', "wait for GitHub's rate-limit budget to reset instead of stopping with exit 4")
    .addOption(new Option('--quiet', 'print only failures and the summary line').conflicts('verbose'))
    .option('--verbose', 'also print unchanged items and phases')
    .showHelpAfterError(usageHint('sync'))
    .addHelpText('after', syncHelp())
    .action(async (file: string, options: SyncFlags) => {
      if (options.detailedExitcode && !options.dryRun) {
        out.stderr('planpilot: --detailed-exitcode needs --dry-run (it tells whether a sync would change anything)');
        out.stderr(usageHint('sync'));
        exitCode = ExitCode.Usage;
        return;
      }
      const { syncCommand } = await import('./sync-command.js');
      exitCode = await syncCommand(file, options, out);
    });

  program
    .command('status')
    .description('show where the plan stands on GitHub: progress, blockers and drift; reads only, never writes')
    .argument('<plan>', 'path of the plan file (YAML or JSON)')
    .option('--repo <owner/name>', "repository to read (default: the plan's repo:, then GITHUB_REPOSITORY)")
    .addOption(
      new Option('--format <format>', 'text: a tree; markdown: a table; mermaid: a flowchart')
        .choices(['text', 'markdown', 'mermaid'])
        .default('text'),
    )
    .addOption(new Option('--json', 'print the JSON status report on stdout').conflicts('format'))
    .option('--label <name>', 'the label that marks managed issues', commanderParser(parseLabel), 'planpilot')
    .option('--token <token>', 'GitHub token (default: GITHUB_TOKEN, GH_TOKEN, then `gh auth token`)')
    .option('--project-token <token>', 'token for Projects v2 reads (default: PLANPILOT_PROJECT_TOKEN, then the token)')
    .option('--api-url <url>', 'GitHub API URL (default: GITHUB_API_URL, then https://api.github.com)')
    .addOption(
      new Option('--pacing <mode>', "github: keep to GitHub's secondary limits; off: for GHES without limits")
        .choices(['github', 'off'])
        .default('github'),
    )
    .action(async (file: string, options: StatusFlags) => {
      const { statusCommand } = await import('./status-command.js');
      exitCode = await statusCommand(file, options, out);
    });

  program
    .command('import')
    .description('write a plan of an existing tree of issues, for sync to adopt them; sends no write to GitHub')
    .option('--repo <owner/name>', 'repository to read (default: GITHUB_REPOSITORY)')
    .option('--issue <number...>', 'a top issue of the tree (repeatable)', collectIssueNumbers)
    .option('--label <name>', 'every issue with this label (a root when its parent lacks it)')
    .option('--milestone <title>', 'every issue in this milestone (a root when its parent is not in it)')
    .option('--out <file>', 'write the plan here (default: stdout)')
    .option('--id <plan-id>', 'the plan id (default: from the label, the milestone or the repository name)')
    .option('--force', 'overwrite --out when it exists')
    .option('--project <url>', "also read the issues' values in this Projects v2 board's fields")
    .option('--json', 'print a JSON summary on stdout (human output goes to stderr)')
    .option('--token <token>', 'GitHub token (default: GITHUB_TOKEN, GH_TOKEN, then `gh auth token`)')
    .option(
      '--project-token <token>',
      'token for Projects v2 calls (default: PLANPILOT_PROJECT_TOKEN, then the GitHub token)',
    )
    .option('--api-url <url>', 'GitHub API URL (default: GITHUB_API_URL, then https://api.github.com)')
    .option('--max-concurrency <n>', 'requests in flight at most, 1 to 100', commanderParser(parseMaxConcurrency), 5)
    .addOption(
      new Option('--pacing <mode>', "github: keep to GitHub's secondary limits; off: for GHES without limits")
        .choices(['github', 'off'])
        .default('github'),
    )
    .action(async (options: ImportFlags) => {
      const { importCommand } = await import('./import-command.js');
      exitCode = await importCommand(options, out);
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; every usage error with 2.
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    throw error;
  }
  return exitCode;
}

/** `--issue 3 --issue 7`, `--issue 3 7` and `--issue 3,7` all name #3 and #7. */
function collectIssueNumbers(value: string, previous: number[] | undefined): number[] {
  const numbers = value.split(',').map((part) => {
    const text = part.trim().replace(/^#/, '');
    if (!/^[1-9]\d{0,9}$/.test(text)) throw new InvalidArgumentError(`must be an issue number; got '${value}'`);
    return Number(text);
  });
  return [...(previous ?? []), ...numbers];
}

/**
 * Commander's error messages in planpilot's words: `error: option '--max-concurrency <n>' argument 'x' is invalid.
 * must be …` becomes `--max-concurrency must be …`, as resolveSettings words the same mistake.
 */
function usageMessage(text: string): string {
  const message = text.replace(/^error: /, '');
  const invalid = /^option '(--?[\w-]+)[^']*' argument '([^']*)' is invalid\. ([\s\S]*)$/.exec(message);
  if (!invalid) return message;
  const [, flag, value, why] = invalid;
  const choices = /^Allowed choices are (.*)\.$/.exec(why!);
  return choices ? `${flag} must be one of ${choices[1]}; got '${value}'` : `${flag} ${why}`;
}

/**
 * Adapts a settings parser (src/settings/parsers.ts) to commander: its UsageError becomes commander's
 * InvalidArgumentError, which commander reports with the flag's name, and the CLI exits with code 2.
 */
function commanderParser<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}
