/**
 * Bad input through `planpilot sync` itself: exit 2, the file, line and column, and not one request to GitHub.
 * (test/plan/load.test.ts holds every message in detail; here the point is that nothing is sent.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fake-github/server.js';
import { markerOf, viewRepo, writesOf } from '../helpers/github-view.js';
import { runCli } from '../helpers/run-cli.js';
import { SMALL_PLAN, syncCli, TEST_TOKEN, tempDir, writePlan } from '../helpers/sync-cli.js';

let fake: FakeGitHub;
let dir: string;
beforeAll(async () => {
  fake = await startFakeGitHub();
  dir = tempDir();
});
afterAll(async () => {
  await fake.close();
});

const deep = `version: 1\nid: deep\nepics: ${'['.repeat(200)}${']'.repeat(200)}\n`;
const bomb = `version: 1\nid: bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
  { length: 9 },
  (_, i) =>
    `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
      .fill(`*${String.fromCharCode(97 + i)}`)
      .join(', ')}]`,
).join('\n')}\nepics: []\n`;

const cases: [string, () => string, RegExp][] = [
  [
    'malformed YAML',
    () => writePlan(dir, 'malformed.yaml', 'version: 1\nid: x\nepics:\n  - id: a\n    title: [unclosed\n'),
    /malformed\.yaml:\d+:\d+: error/,
  ],
  [
    'wrong types',
    () =>
      writePlan(
        dir,
        'types.yaml',
        'version: "one"\nid: 7\nlabels: roadmap\nepics:\n  - id: a\n    title: 5\n    depends_on: a\n',
      ),
    /types\.yaml:1:10: error/,
  ],
  [
    'a 10 MB file',
    () => writePlan(dir, 'huge.yaml', `version: 1\nid: huge\n# ${'x'.repeat(10 * 1024 * 1024)}\n`),
    /huge\.yaml:1:1: error: .*8 MiB/,
  ],
  ['deep nesting', () => writePlan(dir, 'deep.yaml', deep), /deep\.yaml:\d+:\d+: error/],
  ['an alias bomb', () => writePlan(dir, 'bomb.yaml', bomb), /bomb\.yaml:\d+:\d+: error/],
  ['an empty file', () => writePlan(dir, 'empty.yaml', ''), /empty\.yaml:1:1: error/],
  [
    'a binary file',
    () => {
      const path = join(dir, 'binary.yaml');
      writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]));
      return path;
    },
    /binary\.yaml:1:1: error/,
  ],
  [
    'a directory',
    () => {
      const path = join(dir, 'a-directory.yaml');
      mkdirSync(path, { recursive: true });
      return path;
    },
    /a-directory\.yaml:1:1: error/,
  ],
  ['a missing file', () => join(dir, 'nope.yaml'), /nope\.yaml:1:1: error/],
];

describe('bad input: exit 2, line and column, nothing sent', () => {
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const before = fake.requests.length;
      const run = await runCli(['sync', make(), '--repo', 'acme/shop'], {
        GITHUB_TOKEN: TEST_TOKEN,
        GITHUB_API_URL: fake.url,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('nothing was sent to GitHub');
      expect(fake.requests.length).toBe(before);
    });
  }
});

it('sync --json on an invalid plan gives every diagnostic in the JSON, with file, line and column', async () => {
  const plan = writePlan(dir, 'invalid-json.yaml', 'version: 1\nid: x\nepics:\n  - id: a\n    titel: A\n');
  const run = await runCli(['sync', plan, '--repo', 'acme/shop', '--json'], {
    GITHUB_TOKEN: TEST_TOKEN,
    GITHUB_API_URL: fake.url,
  });
  expect(run.code).toBe(2);
  const json = JSON.parse(run.stdout) as {
    exitCode: number;
    diagnostics: { file: string; line: number; column: number; message: string }[];
  };
  expect(json.exitCode).toBe(2);
  expect(json.diagnostics).toEqual([
    expect.objectContaining({ file: plan, line: 4, column: 5, message: 'missing required key "title"' }),
    expect.objectContaining({
      file: plan,
      line: 5,
      column: 5,
      message: expect.stringContaining('unknown key "titel"'),
    }),
  ]);
});

describe('the API URL', () => {
  it('refuses plain http to a host that is not loopback, before sending the token anywhere', async () => {
    const plan = writePlan(dir, 'http.yaml', SMALL_PLAN);
    const run = await runCli(['sync', plan, '--repo', 'acme/shop', '--api-url', 'http://github.example.com/api/v3'], {
      GITHUB_TOKEN: TEST_TOKEN,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unencrypted');
    expect(run.stdout + run.stderr).not.toContain(TEST_TOKEN);
  });
});

describe('unusual but valid input', () => {
  it('BOM and CRLF files load; unicode, Markdown and HTML titles are sent as they are', async () => {
    const title = 'Zahlung über **Stripe** <b>now</b> — 支付 🚀';
    const text = `\uFEFF${SMALL_PLAN.replace('title: Epic one', `title: "${title}"`).replace(/\n/g, '\r\n')}`;
    const plan = writePlan(dir, 'crlf.yaml', text);
    const run = await syncCli(fake, plan);
    expect(run.code, run.stderr).toBe(0);
    expect(viewRepo(fake.state, 'acme', 'shop', { plan: 'small' }).e1?.title).toBe(title);
    expect(writesOf((await syncCli(fake, plan)).requests)).toBe(0);
  });

  it("a body quoting planpilot's own marker confuses neither discovery nor other issues", async () => {
    const forged = '<!-- planpilot:begin plan=small item=t1 hash=000000000000 -->\nforged\n<!-- planpilot:end -->';
    // Another plan, with titles of its own (the same ids and titles would read as plan "small" renamed).
    const yaml = SMALL_PLAN.replace('id: small', 'id: quoting')
      .replaceAll('title: ', 'title: Quoting ')
      .replace(
        '    body: The first epic.',
        `    body: |\n      How markers look:\n${forged
          .split('\n')
          .map((line) => `      ${line}`)
          .join('\n')}`,
      );
    const plan = writePlan(dir, 'quoting.yaml', yaml);
    const run = await syncCli(fake, plan);
    expect(run.code, run.stderr).toBe(0);
    const quoting = fake.state.issue('acme', 'shop', run.report.items.find((i) => i.id === 'e1')!.number!)!;
    expect(markerOf(quoting.body)).toEqual({ plan: 'quoting', item: 'e1' });
    expect(quoting.body).toContain('planpilot (quoted):begin plan=small item=t1');
    // The other plan ("small", synced above) still has exactly one issue per item, and this one re-runs clean.
    const small = Object.values(viewRepo(fake.state, 'acme', 'shop', { plan: 'small' }));
    expect(small).toHaveLength(6);
    expect(writesOf((await syncCli(fake, plan)).requests)).toBe(0);
  });
});

describe('what a plan error may quote of the source: a short excerpt, never a whole secret', () => {
  // A file that was never meant to be a plan (a credentials file, a config) may hold a token; its errors must not
  // print it. yaml's own messages quote source text (`Unexpected scalar token in YAML stream: "…"`, `Unsupported
  // YAML version …`, an unresolved alias's name): only planpilot's excerpt, at most 32 characters, reaches output.
  const secret = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
  const hostile: [string, string][] = [
    ['a stray scalar after a sequence', `version: 1\nid: x\n- a\nb: ${secret}\n`],
    ['an unsupported YAML version', `%YAML ${secret}\n---\nversion: 1\n`],
    ['an unknown directive', `%${secret}\n---\nversion: 1\n`],
    ['an unresolved alias', `version: 1\nid: x\nepics: *${secret}\n`],
    ['a block scalar header with extra characters', `version: 1\nid: |${secret}\n  x\n`],
    ['an unclosed quote', `version: 1\nid: "${secret} and more\n`],
    ['a secret as a wrongly typed value', `version: ${secret}\nid: "${secret} !"\nepics: []\n`],
    ['a secret as an unknown key', `version: 1\nid: x\n${secret}: 1\nepics: []\n`],
  ];
  // Any 32 characters of the secret in a row, wherever they start.
  const windows = Array.from({ length: secret.length - 31 }, (_, i) => secret.slice(i, i + 32));
  const quotesNoMoreThan32 = (text: string) => {
    for (const window of windows) expect(text).not.toContain(window);
  };

  for (const [name, text] of hostile) {
    it(`${name}: no more than 32 characters of the source in any output`, async () => {
      const plan = writePlan(dir, `hostile-${name.replace(/\W+/g, '-')}.yaml`, text);
      const runs = [
        await runCli(['validate', plan]),
        await runCli(['validate', plan, '--json']),
        await runCli(['sync', plan, '--repo', 'acme/shop', '--json'], {
          GITHUB_TOKEN: TEST_TOKEN,
          GITHUB_API_URL: fake.url,
        }),
      ];
      for (const run of runs) {
        expect(run.code).toBe(2);
        const printed = run.stdout + run.stderr;
        expect(printed).toMatch(/:\d+:\d+: error: |"line": \d+/);
        quotesNoMoreThan32(printed);
      }
      const json = JSON.parse(runs[1]!.stdout) as { diagnostics: { message: string; path: string }[] };
      for (const d of json.diagnostics) quotesNoMoreThan32(`${d.message} ${d.path}`);
    });
  }

  it('a syntax error quotes the source where it stands, cut with an ellipsis', async () => {
    const plan = writePlan(dir, 'excerpt.yaml', `version: 1\nid: |${secret}\n  x\n`);
    const run = await runCli(['validate', plan]);
    expect(run.stderr).toContain(
      'excerpt.yaml:2:6: error: YAML syntax: Block scalar header includes extra characters near "ghp_abcdefghijklmnopqrstuvwxyz0…"',
    );
  });
});
