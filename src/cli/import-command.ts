/**
 * `planpilot import --repo owner/name (--issue N … | --label L | --milestone M) [--out plan.yaml]`: writes a plan of
 * an existing tree of issues, so that the next sync adopts them instead of creating any. Reads only.
 */

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Pacing } from '../github/client.js';
import { importIssues, type Selection } from '../import/import.js';
import type { ImportSummary } from '../import/model.js';
import { createClients, resolveSettings, type Settings, secretsOf } from '../settings/resolve.js';
import { exitCodeOf, SyncError } from '../sync/errors.js';
import { failWith } from './fail.js';
import type { Output } from './output.js';

export interface ImportFlags {
  repo?: string;
  issue?: number[];
  label?: string;
  milestone?: string;
  out?: string;
  id?: string;
  force?: boolean;
  json?: boolean;
  token?: string;
  project?: string;
  projectToken?: string;
  apiUrl?: string;
  maxConcurrency: number;
  pacing: Pacing;
}

export async function importCommand(
  flags: ImportFlags,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  let secrets: string[] = [];
  const fail = failWith(out, flags.json, () => secrets);

  const chosen = [
    flags.issue?.length ? 'issue' : '',
    flags.label ? 'label' : '',
    flags.milestone ? 'milestone' : '',
  ].filter(Boolean);
  if (chosen.length !== 1) {
    return fail(
      chosen.length === 0
        ? 'Say which issues to import: --issue N (repeatable), --label NAME or --milestone TITLE.'
        : `Choose one of --issue, --label and --milestone (got ${chosen.map((c) => `--${c}`).join(' and ')}).`,
      ExitCode.Usage,
    );
  }
  const selection: Selection = flags.issue?.length
    ? { issues: [...new Set(flags.issue)] }
    : flags.label
      ? { label: flags.label }
      : { milestone: flags.milestone! };
  if (flags.out && existsSync(flags.out) && !flags.force) {
    return fail(`${flags.out} exists; pass --force to overwrite it. Nothing was read.`, ExitCode.Usage);
  }

  let settings: Settings;
  try {
    settings = await resolveSettings(
      {
        repo: flags.repo,
        token: flags.token,
        apiUrl: flags.apiUrl,
        maxConcurrency: flags.maxConcurrency,
        pacing: flags.pacing,
      },
      { frontEnd: 'cli', plan: {}, env },
    );
  } catch (error) {
    if (error instanceof SyncError && error.exitCode === ExitCode.Auth) {
      return fail(
        'No GitHub token. Pass --token, set GITHUB_TOKEN or GH_TOKEN, or log in with `gh auth login`.',
        ExitCode.Auth,
      );
    }
    if (error instanceof UsageError || error instanceof SyncError) return fail(error.message, exitCodeOf(error));
    throw error;
  }
  secrets = secretsOf(settings);
  const { client, projectClient } = createClients(settings, (message) => out.stderr(message));
  if (!client) return fail('No GitHub token.', ExitCode.Auth);

  try {
    const result = await importIssues({
      repo: settings.repo,
      client,
      ...(projectClient ? { projectClient } : {}),
      ...(flags.project !== undefined ? { project: flags.project } : {}),
      selection,
      ...(flags.id !== undefined ? { planId: flags.id } : {}),
      ...(flags.out !== undefined ? { outFile: flags.out } : {}),
    });
    if (flags.out) await writeFile(flags.out, result.yaml, { flag: flags.force ? 'w' : 'wx' });
    else if (!flags.json) out.stdout(result.yaml.trimEnd());

    for (const line of summaryLines(result.summary, flags.out)) out.stderr(line);
    const stats = [client, projectClient].reduce(
      (sum, c) => {
        const one = c?.stats();
        return one
          ? { total: sum.total + one.total, reads: sum.reads + one.reads, writes: sum.writes + one.writes }
          : sum;
      },
      { total: 0, reads: 0, writes: 0 },
    );
    out.stderr(`${stats.total} requests (${stats.reads} reads, ${stats.writes} writes).`);
    if (flags.json) {
      out.stdout(
        JSON.stringify(
          {
            ...result.summary,
            out: flags.out ?? null,
            ...(flags.out ? {} : { yaml: result.yaml }),
            requests: { total: stats.total, reads: stats.reads, writes: stats.writes },
            exitCode: ExitCode.Success,
          },
          null,
          2,
        ),
      );
    }
    return ExitCode.Success;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return fail(`${flags.out} exists; pass --force to overwrite it.`, ExitCode.Usage);
    }
    return fail(error instanceof Error ? error.message : String(error), exitCodeOf(error));
  }
}

function summaryLines(summary: ImportSummary, outFile: string | undefined): string[] {
  const lines = [
    `Imported ${summary.items.length} issues from ${summary.repo} (${summary.selection}) as plan "${summary.plan}": ` +
      `${summary.epics} epics, ${summary.stories} stories, ${summary.tasks} tasks, ${summary.dependencies} ` +
      `dependencies${outFile ? `, written to ${outFile}` : ''}.`,
  ];
  for (const f of summary.folded) {
    lines.push(
      `folded #${f.number} into the body of task ${f.into} (#${f.intoNumber}): it is ${f.level} level(s) below it`,
    );
  }
  for (const left of summary.leftOut) {
    const where = left.repo ? ` in ${left.repo}` : '';
    const from = left.from !== undefined ? `, linked from #${left.from}` : '';
    lines.push(`left out #${left.number}${where} (${left.reason}${from})`);
  }
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  return lines;
}
