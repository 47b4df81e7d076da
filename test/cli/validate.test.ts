import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/plan/index.js';
import { runCli } from '../helpers/run-cli.js';

describe('planpilot validate', () => {
  it('exits 0 with a one-line summary for the example plan', async () => {
    const result = await runCli(['validate', 'plans/example.yaml']);
    expect(result.stdout.trim()).toBe(
      'plans/example.yaml: valid plan "checkout-revamp": 3 epics, 8 stories, 19 tasks, 17 dependency edges',
    );
    expect(result.code).toBe(0);
  });

  it('exits 2 naming every problem with file, line and column; --json carries them too', async () => {
    const result = await runCli(['validate', 'test/fixtures/broken-plan.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'test/fixtures/broken-plan.yaml:5:5: error: unknown key "titel" (did you mean "title"?) (at epics[0].titel)',
    );
    expect(result.stderr).toContain('dependency cycle: s1 -> s2 -> s1');
    expect(result.stderr).toContain('4 problems; nothing was sent to GitHub.');
    const json = await runCli(['validate', '--json', 'test/fixtures/broken-plan.yaml']);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { valid: boolean; diagnostics: { line: number; column: number }[] };
    expect(report.valid).toBe(false);
    expect(report.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['4:5', '5:5', '13:13', '14:9']);
  });

  it('--help and --version exit 0; unknown flags and commands exit 2', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const unknownFlag = await runCli(['validate', '--nope', 'plans/example.yaml']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("unknown option '--nope'");
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});

describe('schema/plan.schema.json', () => {
  it('is up to date with the TypeScript schema (run `npm run schema` to refresh it)', () => {
    const checkedIn = JSON.parse(readFileSync('schema/plan.schema.json', 'utf8'));
    expect(checkedIn).toEqual(planJsonSchema());
  });

  it('is referenced by the example plan for editors', () => {
    expect(readFileSync('plans/example.yaml', 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schema/plan.schema.json',
    );
  });
});
