/**
 * Token sources for the "no secret in any output" tests: each names the token in its own way, and the fake GitHub
 * echoes it back everywhere it can (a deprecation notice's link, every html_url).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub } from '../fake-github/server.js';
import { EXAMPLE_PROJECT } from './example-project.js';
import { tempDir } from './sync-cli.js';

export const MAIN_TOKEN = 'ghp_mainTokenNeverPrinted0123456789ABCD';
export const PROJECT_TOKEN = 'github_pat_projectTokenNeverPrinted_0123456789abcdefghij';

/** A plan with a project board, so that a project token is used too. */
export const BOARD_PLAN = `version: 1
id: board
repo: acme/shop
project:
  url: https://github.com/orgs/acme/projects/1
  fields: { status: todo }
epics:
  - id: e1
    title: Epic one
    stories:
      - id: s1
        title: Story one
        tasks:
          - id: t1
            title: Task one
`;

/** The fake GitHub reflecting the tokens into every answer it can. */
export function startEchoingFake(tokens: readonly string[] = [MAIN_TOKEN, PROJECT_TOKEN]) {
  const echo = tokens.join('.');
  return startFakeGitHub({
    projects: [EXAMPLE_PROJECT],
    deprecation: { link: `https://docs.example.com/deprecated?seen=${echo}` },
    echoInHtmlUrl: echo,
  });
}

/** A `gh` on PATH whose `gh auth token` prints the token, as the GitHub CLI does when logged in. */
export function fakeGhOnPath(token: string): string {
  const dir = tempDir();
  const gh = join(dir, 'gh');
  writeFileSync(gh, `#!/bin/sh\nif [ "$1 $2" = "auth token" ]; then echo '${token}'; exit 0; fi\nexit 1\n`);
  chmodSync(gh, 0o755);
  return `${dir}:${process.env.PATH ?? ''}`;
}

export interface TokenSource {
  name: string;
  /** The tokens given, for the fake to echo. */
  tokens: string[];
  /** Flags for the CLI, inputs for the Action. */
  args: string[];
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

/** Every way a token reaches planpilot; the project token rides along with the main one where it is the point. */
export function tokenSources(): TokenSource[] {
  return [
    {
      name: '--token / the token input',
      tokens: [MAIN_TOKEN],
      args: ['--token', MAIN_TOKEN],
      inputs: { token: MAIN_TOKEN },
      env: {},
    },
    { name: 'GITHUB_TOKEN', tokens: [MAIN_TOKEN], args: [], inputs: { token: '' }, env: { GITHUB_TOKEN: MAIN_TOKEN } },
    { name: 'GH_TOKEN', tokens: [MAIN_TOKEN], args: [], inputs: { token: '' }, env: { GH_TOKEN: MAIN_TOKEN } },
    {
      name: 'gh auth token',
      tokens: [MAIN_TOKEN],
      args: [],
      inputs: { token: '' },
      env: { PATH: fakeGhOnPath(MAIN_TOKEN) },
    },
    {
      name: '--project-token / the project-token input',
      tokens: [MAIN_TOKEN, PROJECT_TOKEN],
      args: ['--token', MAIN_TOKEN, '--project-token', PROJECT_TOKEN],
      inputs: { token: MAIN_TOKEN, 'project-token': PROJECT_TOKEN },
      env: {},
    },
  ];
}

/** How an echo of `tokens` reads once redacted. */
export const redactedEcho = (tokens: readonly string[]) => `?echo=${tokens.map(() => '[REDACTED]').join('.')}`;

/** Fails with the place the token was found. */
export function expectNoToken(where: string, text: string): void {
  for (const token of [MAIN_TOKEN, PROJECT_TOKEN]) {
    if (text.includes(token)) {
      const at = text.indexOf(token);
      throw new Error(`${where} shows a token: …${text.slice(Math.max(0, at - 80), at + token.length + 20)}…`);
    }
  }
}
