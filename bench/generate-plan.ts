/**
 * Deterministic plan generator for the benchmark: epics → stories → tasks (nested form, version 1) with dependency
 * edges that only point backwards in file order, so no cycle can arise. Edges are a mix of
 *   - task → earlier task of the same story (about half),
 *   - story → earlier story (about a fifth),
 *   - task → task of an earlier story (the rest),
 * falling back to whichever kind still has room when one runs out. The same options always give the same text.
 *
 *   npx tsx bench/generate-plan.ts --epics 5 --stories-per-epic 4 --tasks-per-story 4 --dependencies 60 --id b105
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../test/fake-github/faults.js';

export interface GeneratePlanOptions {
  epics: number;
  storiesPerEpic: number;
  tasksPerStory: number;
  /** Dependency edges wanted; fewer are made only when the plan has no room for more. */
  dependencies: number;
  seed: number;
  /** Plan id: [a-z0-9][a-z0-9-]{0,63}. */
  id: string;
  /** Plan-wide labels; default ['roadmap']. */
  labels?: string[];
  /** Comment lines put at the top of the file (without the leading `# `). */
  header?: string[];
}

export interface GeneratedPlan {
  text: string;
  items: number;
  dependencies: number;
}

const WORDS = [
  'billing',
  'search',
  'checkout',
  'onboarding',
  'reporting',
  'exports',
  'notifications',
  'permissions',
  'caching',
  'audit log',
  'webhooks',
  'rate limits',
  'sessions',
  'invoices',
  'localisation',
  'migrations',
];
const VERBS = ['Design', 'Implement', 'Test', 'Document', 'Refactor', 'Measure', 'Harden', 'Ship'];

interface Task {
  id: string;
  title: string;
  dependsOn: string[];
}
interface Story {
  id: string;
  title: string;
  dependsOn: string[];
  tasks: Task[];
}
interface Epic {
  id: string;
  title: string;
  stories: Story[];
}

export function generatePlanModel(options: GeneratePlanOptions): {
  epics: Epic[];
  dependencies: number;
} {
  const random = createRandom(options.seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const epics: Epic[] = [];
  const stories: Story[] = [];
  for (let e = 1; e <= options.epics; e++) {
    const epic: Epic = { id: `e${e}`, title: `Epic ${e}: ${pick(WORDS)} platform`, stories: [] };
    for (let s = 1; s <= options.storiesPerEpic; s++) {
      const story: Story = {
        id: `e${e}-s${s}`,
        title: `Story ${e}.${s}: ${pick(VERBS).toLowerCase()} ${pick(WORDS)}`,
        dependsOn: [],
        tasks: [],
      };
      for (let t = 1; t <= options.tasksPerStory; t++) {
        story.tasks.push({
          id: `e${e}-s${s}-t${t}`,
          title: `${pick(VERBS)} ${pick(WORDS)} (${e}.${s}.${t})`,
          dependsOn: [],
        });
      }
      epic.stories.push(story);
      stories.push(story);
    }
    epics.push(epic);
  }

  const edges = new Set<string>();
  const add = (from: { id: string; dependsOn: string[] }, to: { id: string }): boolean => {
    const key = `${from.id}>${to.id}`;
    if (from.id === to.id || edges.has(key)) return false;
    edges.add(key);
    from.dependsOn.push(to.id);
    return true;
  };
  // Each generator proposes one candidate edge, always pointing backwards in file order.
  const withinStory = (): boolean => {
    if (options.tasksPerStory < 2 || stories.length === 0) return false;
    const story = pick(stories);
    const t = 1 + Math.floor(random() * (story.tasks.length - 1));
    return add(story.tasks[t]!, story.tasks[Math.floor(random() * t)]!);
  };
  const storyToStory = (): boolean => {
    if (stories.length < 2) return false;
    const s = 1 + Math.floor(random() * (stories.length - 1));
    return add(stories[s]!, stories[Math.floor(random() * s)]!);
  };
  const crossStory = (): boolean => {
    if (stories.length < 2 || options.tasksPerStory < 1) return false;
    const s = 1 + Math.floor(random() * (stories.length - 1));
    const earlier = stories[Math.floor(random() * s)]!;
    return add(pick(stories[s]!.tasks), pick(earlier.tasks));
  };
  const generators = [withinStory, storyToStory, crossStory];
  const weights = [0.5, 0.2, 0.3];
  // Give up on a target the plan cannot hold (tiny plans): a bounded number of misses in a row.
  let misses = 0;
  while (edges.size < options.dependencies && misses < 10_000) {
    const roll = random();
    const first = roll < weights[0]! ? 0 : roll < weights[0]! + weights[1]! ? 1 : 2;
    const made = generators[first]!() || generators.some((generate) => generate());
    misses = made ? 0 : misses + 1;
  }
  return { epics, dependencies: edges.size };
}

export function generatePlan(options: GeneratePlanOptions): GeneratedPlan {
  const { epics, dependencies } = generatePlanModel(options);
  const lines: string[] = [];
  for (const comment of options.header ?? []) lines.push(comment ? `# ${comment}` : '#');
  const labels = options.labels ?? ['roadmap'];
  lines.push('version: 1', `id: ${options.id}`);
  if (labels.length > 0) lines.push(`labels: [${labels.map(quote).join(', ')}]`);
  lines.push('epics:');
  const deps = (indent: string, ids: string[]) => {
    if (ids.length > 0) lines.push(`${indent}depends_on: [${ids.join(', ')}]`);
  };
  let items = 0;
  for (const epic of epics) {
    items++;
    lines.push(`  - id: ${epic.id}`, `    title: ${quote(epic.title)}`);
    lines.push(`    body: ${quote(`Everything about ${epic.title.replace(/^Epic \d+: /, '')}.`)}`);
    lines.push('    stories:');
    for (const story of epic.stories) {
      items++;
      lines.push(`      - id: ${story.id}`, `        title: ${quote(story.title)}`);
      deps('        ', story.dependsOn);
      if (story.tasks.length > 0) lines.push('        tasks:');
      for (const task of story.tasks) {
        items++;
        lines.push(`          - id: ${task.id}`, `            title: ${quote(task.title)}`);
        deps('            ', task.dependsOn);
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, items, dependencies };
}

/** Titles are plain words, digits and punctuation; single quotes keep `:` and friends literal in YAML. */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The options behind plans/b105.yaml: the design's example, 5 epics, 20 stories, 80 tasks, about 60 edges. */
export const B105_OPTIONS: GeneratePlanOptions = {
  epics: 5,
  storiesPerEpic: 4,
  tasksPerStory: 4,
  dependencies: 60,
  seed: 105,
  id: 'b105',
};

function parseArgs(argv: string[]): { options: GeneratePlanOptions; out?: string } {
  const options: GeneratePlanOptions = { ...B105_OPTIONS };
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--epics') options.epics = Number(value);
    else if (flag === '--stories-per-epic') options.storiesPerEpic = Number(value);
    else if (flag === '--tasks-per-story') options.tasksPerStory = Number(value);
    else if (flag === '--dependencies') options.dependencies = Number(value);
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--id') options.id = value;
    else if (flag === '--out') out = value;
    else throw new Error(`unknown flag ${flag}`);
  }
  return { options, ...(out ? { out } : {}) };
}

/** The header written at the top of a generated file, saying how to regenerate it. */
export function headerFor(options: GeneratePlanOptions, out: string, plan: GeneratedPlan): string[] {
  const stories = options.epics * options.storiesPerEpic;
  return [
    `Benchmark plan "${options.id}": ${options.epics} epics, ${stories} stories, ${stories * options.tasksPerStory} tasks ` +
      `(${plan.items} items), ${plan.dependencies} dependency edges.`,
    `Generated by bench/generate-plan.ts (deterministic; do not edit by hand). Regenerate with:`,
    `  npx tsx bench/generate-plan.ts --epics ${options.epics} --stories-per-epic ${options.storiesPerEpic} ` +
      `--tasks-per-story ${options.tasksPerStory} --dependencies ${options.dependencies} --seed ${options.seed} ` +
      `--id ${options.id} --out ${out}`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { options, out } = parseArgs(process.argv.slice(2));
  const bare = generatePlan(options);
  const generated = out ? generatePlan({ ...options, header: headerFor(options, out, bare) }) : bare;
  if (out) {
    writeFileSync(out, generated.text);
    console.error(`${out}: ${generated.items} items, ${generated.dependencies} dependency edges`);
  } else {
    process.stdout.write(generated.text);
  }
}
