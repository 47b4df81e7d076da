import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, loadPlanFile, PlanError, parsePlan, summarizePlan } from '../../src/plan/index.js';
import { readAtMost } from '../../src/plan/read-plan-file.js';

function problems(text: string): Diagnostic[] {
  try {
    parsePlan(text, 'p.yaml');
  } catch (error) {
    if (error instanceof PlanError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the plan to be refused');
}

const minimal = 'version: 1\nid: demo\nepics:\n  - id: e1\n    title: Epic one\n';

describe('parsePlan: nested form', () => {
  it('loads kinds from where items stand, with parents, labels and dependencies', () => {
    const plan = parsePlan(
      `version: 1
id: demo
labels: [roadmap]
epics:
  - id: e1
    title: Epic
    labels: [area/x, roadmap]
    stories:
      - id: s1
        title: Story
        depends_on: [t2]
        tasks:
          - id: t1
            title: Task 1
          - id: t2
            title: Task 2
            assignees: [octocat]
            milestone: Q3
`,
    );
    expect(plan.items.map((i) => [i.id, i.kind, i.parent])).toEqual([
      ['e1', 'epic', undefined],
      ['s1', 'story', 'e1'],
      ['t1', 'task', 's1'],
      ['t2', 'task', 's1'],
    ]);
    expect(plan.items[0]?.labels).toEqual(['roadmap', 'area/x']);
    expect(plan.items[3]).toMatchObject({ assignees: ['octocat'], milestone: 'Q3', labels: ['roadmap'] });
    expect(plan.items[2]?.assignees).toBeUndefined();
    expect(plan.types).toEqual({ epic: 'Epic', story: 'Story', task: 'Task' });
    expect(summarizePlan(plan)).toEqual({ epics: 1, stories: 1, tasks: 2, dependencies: 1 });
  });

  it('accepts the flat form mixed with the nested one, into the same model', () => {
    const plan = parsePlan(`${minimal}stories:
  - id: s1
    title: Flat story
    parent: e1
tasks:
  - id: t1
    title: Flat task
    parent: s1
`);
    expect(plan.items.map((i) => `${i.kind}:${i.id}<${i.parent ?? ''}`)).toEqual([
      'epic:e1<',
      'story:s1<e1',
      'task:t1<s1',
    ]);
  });

  it('accepts JSON, a BOM and CRLF line endings', () => {
    expect(parsePlan('{"version":1,"id":"j","epics":[{"id":"a","title":"A"}]}').items).toHaveLength(1);
    expect(parsePlan(`\uFEFF${minimal.replace(/\n/g, '\r\n')}`).items[0]?.title).toBe('Epic one');
  });

  it('keeps unicode and Markdown in titles as they are', () => {
    const plan = parsePlan('version: 1\nid: u\nepics:\n  - id: e\n    title: "Zahlung 💳 <b>fast</b> `code`"\n');
    expect(plan.items[0]?.title).toBe('Zahlung 💳 <b>fast</b> `code`');
  });
});

describe('parsePlan: every problem at once, with line and column', () => {
  it('reports schema and graph problems together', () => {
    const found = problems(`version: 1
id: Bad_Plan
epics:
  - id: a
    titel: Hello
    depends_on: [c]
    stories:
      - id: s1
        title: Story
        depends_on: [s2, nope]
        tasks:
          - id: t1
            title: 5
            depends_on: [t1]
      - id: s2
        title: Story 2
        depends_on: [s1]
  - id: a
    title: dup
`);
    const lines = found.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^2:5 invalid value "Bad_Plan": a plan id/),
      '4:5 missing required key "title"',
      '5:5 unknown key "titel" (did you mean "title"?)',
      '6:18 depends_on "c" is not an item of this plan',
      '10:26 depends_on "nope" is not an item of this plan',
      '13:20 "title" must be a string, not number 5',
      '14:26 "t1" depends on itself',
      '17:22 dependency cycle: s1 -> s2 -> s1',
      '18:9 duplicate id "a" (first used on line 4)',
    ]);
    expect(found[2]?.path).toBe('epics[0].titel');
  });

  it('names a list entry by what it is and its value, not by its index', () => {
    const long = 'x'.repeat(71);
    const found = problems(
      `version: 1\nid: x\nepics:\n  - id: e1\n    title: E\n    labels: [ok, ${long}]\n    assignees: [7]\n`,
    );
    const messages = found.map((d) => d.message);
    expect(messages).toContainEqual(expect.stringMatching(/^label "x{20,}.*" is 71 characters long/));
    expect(messages).toContainEqual(expect.stringMatching(/^assignee must be a string, not number 7/));
    expect(messages.join('\n')).not.toMatch(/"[01]" (is|must)/);
  });

  it('points an unclosed quote at the quote that opens it, and says where the string runs to', () => {
    for (const quote of ['"', "'"]) {
      const found = problems(
        `version: 1\nid: x\nepics:\n  - id: e1\n    title: E\n    body: ${quote}unterminated\n  - id: e2\n    title: F\n`,
      );
      expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
        expect.stringMatching(/^6:11 YAML syntax: this quoted string is never closed \(it runs to line 9, column 1\)/),
      ]);
    }
  });

  it('calls the later of two items with one id the duplicate, in file order whatever their kinds', () => {
    const found = problems(`version: 1
id: d
tasks:
  - id: x
    title: T
    parent: s1
epics:
  - id: e1
    title: E
    stories:
      - id: s1
        title: S
  - id: x
    title: Also x
`);
    expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '13:9 duplicate id "x" (first used on line 4)',
    ]);
  });

  it('prints a longer cycle in order', () => {
    const found = problems(`version: 1
id: c
epics:
  - {id: a, title: A, depends_on: [b]}
  - {id: b, title: B, depends_on: [c]}
  - {id: c, title: C, depends_on: [a]}
`);
    expect(found.map((d) => d.message)).toEqual(['dependency cycle: a -> b -> c -> a']);
  });

  it('refuses a parent of the wrong kind or unknown', () => {
    const found = problems(`${minimal}tasks:
  - {id: t1, title: T, parent: e1}
  - {id: t2, title: T, parent: e2}
`);
    expect(found.map((d) => d.message)).toEqual([
      'a task\'s parent must be a story, but "e1" is an epic',
      'parent "e2" is not an item of this plan (did you mean "e1"?)',
    ]);
  });

  it("enforces GitHub's limits on titles, bodies and labels", () => {
    const found = problems(`version: 1
id: l
epics:
  - id: e
    title: "${'x'.repeat(257)}"
    body: "${'b'.repeat(60_001)}"
    labels: ["${'l'.repeat(51)}", ""]
`);
    expect(found.map((d) => d.message)).toEqual([
      expect.stringMatching(/"title" is 257 characters long/),
      expect.stringMatching(/"body" is 60001 characters long/),
      expect.stringMatching(/^label "l+…?" is 51 characters long/),
      'label "" must not be empty',
    ]);
  });

  it('refuses more than 100 children under one parent', () => {
    const tasks = Array.from({ length: 101 }, (_, i) => `  - {id: t${i}, title: T, parent: s}`).join('\n');
    const found = problems(`${minimal}stories:\n  - {id: s, title: S, parent: e1}\ntasks:\n${tasks}\n`);
    expect(found.map((d) => d.message)).toEqual([
      expect.stringMatching(/"s" has 101 children; GitHub allows at most 100/),
    ]);
  });

  it('names YAML syntax errors with their position', () => {
    const found = problems('version: 1\nid: x\nepics:\n  - id: a\n   title: [unclosed\n');
    expect(found[0]?.message).toMatch(/^YAML syntax/);
    expect(found[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('refuses empty, binary, non-mapping and duplicate-key documents', () => {
    expect(problems('')[0]?.message).toMatch(/empty/);
    expect(problems('   \n# only a comment\n')[0]?.message).toMatch(/no content/);
    expect(problems('\u0000\u0001binary')[0]?.message).toMatch(/not a text file/);
    expect(problems('- a\n- b\n')[0]?.message).toMatch(/a plan is a mapping/);
    expect(problems('version: 1\nversion: 1\nid: x\n')[0]?.message).toMatch(/YAML syntax: Map keys must be unique/);
  });

  it('fails fast on an alias bomb and on absurd nesting', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const name = String.fromCharCode(98 + i);
        return `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
    ].join('\n');
    const started = Date.now();
    expect(problems(bomb)[0]?.message).toMatch(/alias/i);
    expect(problems(`x: ${'['.repeat(100_000)}`)[0]?.message).toMatch(/nesting deeper than 64/);
    expect(problems(`x:\n${'- '.repeat(50_000)}a\n`)[0]?.message).toMatch(/nesting|YAML/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('loadPlanFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'planpilot-load-'));

  it('names a missing file, a directory, an oversized file and invalid UTF-8', async () => {
    const fail = async (file: string) => {
      const error = await loadPlanFile(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlanError);
      const d = (error as PlanError).diagnostics[0]!;
      expect(d.file).toBe(file);
      return d.message;
    };
    expect(await fail(join(dir, 'missing.yaml'))).toBe('no such file');
    expect(await fail(dir)).toMatch(/directory/);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'x'.repeat(10 * 1000 * 1000));
    expect(await fail(big)).toMatch(/9.5 MiB; a plan may be at most 8 MiB/);
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(await fail(latin1)).toMatch(/not valid UTF-8/);
  });

  it('reads at most the limit from a file whose size says nothing (/dev/zero: size 0, endless content)', async () => {
    const handle = await open('/dev/zero');
    try {
      expect((await handle.stat()).size).toBe(0);
      expect((await readAtMost(handle, 200_001)).length).toBe(200_001);
    } finally {
      await handle.close();
    }
  });

  it('loads the example plan', async () => {
    const plan = await loadPlanFile('plans/example.yaml');
    expect(summarizePlan(plan)).toEqual({ epics: 3, stories: 8, tasks: 19, dependencies: 17 });
  });

  it('validates a 5,000-item plan', () => {
    const tasks = Array.from(
      { length: 4_945 },
      (_, i) => `  - {id: t${i}, title: Task ${i}, parent: s${i % 50}${i > 0 ? `, depends_on: [t${i - 1}]` : ''}}`,
    );
    const stories = Array.from({ length: 50 }, (_, i) => `  - {id: s${i}, title: Story ${i}, parent: e${i % 5}}`);
    const epics = Array.from({ length: 5 }, (_, i) => `  - {id: e${i}, title: Epic ${i}}`);
    const text = `version: 1\nid: big\nepics:\n${epics.join('\n')}\nstories:\n${stories.join('\n')}\ntasks:\n${tasks.join('\n')}\n`;
    expect(parsePlan(text).items).toHaveLength(5_000);
  });
});
