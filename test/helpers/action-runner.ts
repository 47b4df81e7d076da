/**
 * Runs the Action the way the Actions runner does: action.yml parsed by a strict YAML 1.2 parser, every input's
 * `default` taken (its `${{ github.* }}` expressions evaluated), `INPUT_<NAME>` set for each input (name upper-cased,
 * spaces to underscores, hyphens kept), then `node <runs.main>`. Or through GitHub's own `@github/local-action`.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { runNode } from './run-cli.js';
import { tempDir } from './sync-cli.js';

export interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

/** action.yml as the runner reads it; throws on any YAML error or warning. */
export function readActionMetadata(path = 'action.yml'): ActionMetadata {
  const document = parseDocument(readFileSync(path, 'utf8'), { version: '1.2', strict: true, uniqueKeys: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) throw new Error(`${path}: ${problems.map((p) => p.message).join('\n')}`);
  return document.toJS() as ActionMetadata;
}

/** The `github` context values the runner substitutes into defaults. */
export interface GitHubContext {
  token: string;
  api_url: string;
  repository: string;
}

/** Evaluates `${{ github.name }}` in a default; any other expression is an error here (add it when it is used). */
export function evaluateDefault(value: string, github: GitHubContext): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_match, expression: string) => {
    const name = /^github\.(\w+)$/.exec(expression)?.[1];
    if (!name || !(name in github)) throw new Error(`action.yml: unsupported expression \${{ ${expression} }}`);
    return github[name as keyof GitHubContext];
  });
}

export function inputEnv(
  metadata: ActionMetadata,
  inputs: Record<string, string>,
  github: GitHubContext,
): Record<string, string> {
  for (const name of Object.keys(inputs)) {
    if (!(name in metadata.inputs)) throw new Error(`action.yml declares no input "${name}"`);
  }
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    const value = inputs[name] ?? evaluateDefault(String(spec.default ?? ''), github);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** RUNNER_TEMP of the run. */
  dir: string;
}

export interface RunActionOptions {
  github: GitHubContext;
  env?: NodeJS.ProcessEnv;
  /** 'runner': `node <runs.main>`; 'local-action': `local-action run . <runs.main> <dotenv>`. */
  via?: 'runner' | 'local-action';
  /** The step's working directory (the runner's is GITHUB_WORKSPACE); default this repository. */
  cwd?: string;
  /** Receives the runner's child process (e.g. to cancel it with a signal). */
  onSpawn?: (child: ChildProcess) => void;
}

export async function runActionAsRunner(inputs: Record<string, string>, options: RunActionOptions): Promise<ActionRun> {
  const metadata = readActionMetadata();
  const dir = tempDir();
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    ...inputEnv(metadata, inputs, options.github),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: options.github.repository,
    RUNNER_TEMP: dir,
    ...(options.env as Record<string, string>),
  };
  let run: { code: number | null; stdout: string; stderr: string };
  if (options.via === 'local-action') {
    // local-action reads the environment from a dotenv file and imports the entry, then calls its run().
    const dotenv = join(dir, 'action.env');
    writeFileSync(
      dotenv,
      Object.entries(env)
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
        .join('\n'),
    );
    run = await runNode(
      ['node_modules/@github/local-action/bin/local-action.js', 'run', '.', metadata.runs.main, dotenv],
      {
        NODE_PACKAGE_MANAGER: 'npm',
      },
    );
  } else {
    run = await runNode([resolve(metadata.runs.main)], env, {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
    });
  }
  return {
    ...run,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    dir,
  };
}

/** GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}
