import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/plan/index.js';
import {
  ASSUMED_WRITE_LATENCY_MS,
  type ChangeCounts,
  countEnrichments,
  estimateCost,
  formatDuration,
} from '../../src/sync/diff/cost.js';
import { plan } from './helpers.js';

const none: ChangeCounts = {
  labels: 0,
  milestones: 0,
  creates: 0,
  patches: 0,
  linkAdds: 0,
  linkRemoves: 0,
  closes: 0,
  projectAdds: 0,
  projectUpdates: 0,
  rediscoverReads: 0,
};
const counts = (c: Partial<ChangeCounts>): ChangeCounts => ({ ...none, ...c });
const github = (maxConcurrency = 1) => ({ maxConcurrency, pacing: 'github' as const });
const off = (maxConcurrency = 1) => ({ maxConcurrency, pacing: 'off' as const });

describe('estimateCost: requests', () => {
  it('costs nothing when nothing changes and nothing was read', () => {
    expect(estimateCost(none, 0, github())).toEqual({
      requests: { total: 0, reads: 0, writes: 0, contentCreating: 0 },
      etaSeconds: 0,
      hourlyLimitWaitMinutes: 0,
    });
  });

  it('counts the reads made so far, without the pre-write reads when there is no write', () => {
    expect(estimateCost(none, 5, github()).requests).toEqual({ total: 5, reads: 5, writes: 0, contentCreating: 0 });
    expect(estimateCost(counts({ rediscoverReads: 3 }), 5, off()).requests).toEqual({
      total: 8,
      reads: 8,
      writes: 0,
      contentCreating: 0,
    });
  });

  it('sorts every kind of change into content-creating writes, other writes and reads', () => {
    const changes: ChangeCounts = {
      labels: 2,
      milestones: 1,
      creates: 10,
      patches: 4,
      linkAdds: 5,
      linkRemoves: 1,
      closes: 2,
      projectAdds: 3,
      projectUpdates: 6,
      rediscoverReads: 1,
    };
    // content creating 2+1+10+5+3 = 21; writes 21+4+1+2+6 = 34; reads 7 + 2 before the first write + 1.
    expect(estimateCost(changes, 7, github(4))).toEqual({
      requests: { total: 44, reads: 10, writes: 34, contentCreating: 21 },
      etaSeconds: 3, // 34 × 0.4 s / 4
      hourlyLimitWaitMinutes: 0,
    });
  });

  it('counts each content-creating kind once as content creating and once as a write', () => {
    for (const kind of ['labels', 'milestones', 'creates', 'linkAdds', 'projectAdds'] as const) {
      expect(estimateCost(counts({ [kind]: 1 }), 0, off()).requests).toEqual({
        total: 3,
        reads: 2,
        writes: 1,
        contentCreating: 1,
      });
    }
    for (const kind of ['patches', 'linkRemoves', 'closes', 'projectUpdates'] as const) {
      expect(estimateCost(counts({ [kind]: 1 }), 0, off()).requests).toEqual({
        total: 3,
        reads: 2,
        writes: 1,
        contentCreating: 0,
      });
    }
  });
});

describe('estimateCost: duration', () => {
  it('assumes 400 ms a write', () => {
    expect(ASSUMED_WRITE_LATENCY_MS).toBe(400);
  });

  it('divides the latency by the concurrency, rounding to whole seconds', () => {
    expect(estimateCost(counts({ patches: 34 }), 0, github(1)).etaSeconds).toBe(14); // 13.6
    expect(estimateCost(counts({ patches: 34 }), 0, off(4)).etaSeconds).toBe(3); // 3.4
    expect(estimateCost(counts({ patches: 5 }), 0, off(4)).etaSeconds).toBe(1); // 0.5
    expect(estimateCost(counts({ patches: 1 }), 0, off(4)).etaSeconds).toBe(0); // 0.1
  });

  it('lets the first minute of content creation go at once', () => {
    const cost = estimateCost(counts({ creates: 80 }), 0, github(8));
    expect(cost.etaSeconds).toBe(4); // 80 × 0.4 / 8; pacing adds nothing for 80
    // The 81st waits until the first leaves the window, a minute after it was sent (the pacer's floor).
    expect(estimateCost(counts({ creates: 81 }), 0, github(81)).etaSeconds).toBe(60); // 60 + 0.4 / 2
  });

  it('paces content creation at 80 a minute under pacing github', () => {
    expect(estimateCost(counts({ creates: 400 }), 0, github(8))).toEqual({
      requests: { total: 402, reads: 2, writes: 400, contentCreating: 400 },
      etaSeconds: 244, // 4 waits of a minute (400 in windows of 80), then the last window's 80 × 0.4 / 8
      hourlyLimitWaitMinutes: 0,
    });
  });

  it('paces writes at 900 points a minute, 5 a write, under pacing github', () => {
    // 4,500 points and the 2 reads before the first write: 6 windows of 900, 5 waits; then 36 s / 6 of round trips.
    expect(estimateCost(counts({ patches: 900 }), 0, github(10)).etaSeconds).toBe(306);
    expect(estimateCost(counts({ patches: 360 }), 0, github(100)).etaSeconds).toBe(120); // 1,802 points: 2 waits
    expect(estimateCost(counts({ patches: 179 }), 0, github(100)).etaSeconds).toBe(1); // 897 points fit one window
  });

  it('takes the slower of latency and pacing', () => {
    expect(estimateCost(counts({ patches: 900 }), 0, github(1)).etaSeconds).toBe(360); // latency 360 = paced 300 + 60
    expect(estimateCost(counts({ patches: 2000 }), 0, github(1)).etaSeconds).toBe(800); // latency 800 > paced 660 + 67
  });

  it('ignores the limits with pacing off', () => {
    expect(estimateCost(counts({ creates: 400 }), 0, off(8))).toEqual({
      requests: { total: 402, reads: 2, writes: 400, contentCreating: 400 },
      etaSeconds: 20,
      hourlyLimitWaitMinutes: 0,
    });
    expect(estimateCost(counts({ creates: 5000 }), 0, off(1))).toEqual({
      requests: { total: 5002, reads: 2, writes: 5000, contentCreating: 5000 },
      etaSeconds: 2000,
      hourlyLimitWaitMinutes: 0,
    });
  });

  it('adds no hourly wait up to 500 content-creating requests', () => {
    expect(estimateCost(counts({ creates: 500 }), 0, github(10))).toEqual({
      requests: { total: 502, reads: 2, writes: 500, contentCreating: 500 },
      etaSeconds: 363, // 6 waits (500 in windows of 80), then 20 s / 7 of round trips
      hourlyLimitWaitMinutes: 0,
    });
  });

  it('adds an hour for each further 500 content-creating requests', () => {
    expect(estimateCost(counts({ creates: 501 }), 0, github(10))).toMatchObject({
      etaSeconds: 3727, // an hour, then 2 waits for the points of the 501 writes, then 20 s / 3
      hourlyLimitWaitMinutes: 60,
    });
    expect(estimateCost(counts({ creates: 1000 }), 0, github(10))).toMatchObject({
      etaSeconds: 3966, // an hour, then 6 waits for the second hour's 500 creations, then 40 s / 7
      hourlyLimitWaitMinutes: 60,
    });
    expect(estimateCost(counts({ creates: 1001 }), 0, github(10))).toMatchObject({
      etaSeconds: 7507, // two hours, then 5 waits for the points, then 40 s / 6
      hourlyLimitWaitMinutes: 120,
    });
  });

  it('counts every content-creating kind towards the hourly limit, and no other write', () => {
    const mixed = counts({ labels: 100, milestones: 100, creates: 100, linkAdds: 100, projectAdds: 101 });
    expect(estimateCost(mixed, 0, github(10)).hourlyLimitWaitMinutes).toBe(60);
    const others = counts({ patches: 1000, linkRemoves: 1000, closes: 1000, projectUpdates: 1000 });
    expect(estimateCost(others, 0, github(10)).hourlyLimitWaitMinutes).toBe(0);
  });
});

describe('formatDuration', () => {
  it('shows seconds under a minute', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(1)).toBe('1 s');
    expect(formatDuration(59)).toBe('59 s');
  });

  it('shows rounded minutes under an hour', () => {
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(89)).toBe('1 min');
    expect(formatDuration(90)).toBe('2 min');
    expect(formatDuration(315)).toBe('5 min');
    expect(formatDuration(3569)).toBe('59 min');
  });

  it('shows hours and minutes from an hour on', () => {
    expect(formatDuration(3570)).toBe('1 h 0 min');
    expect(formatDuration(3600)).toBe('1 h 0 min');
    expect(formatDuration(3916)).toBe('1 h 5 min');
    expect(formatDuration(7891)).toBe('2 h 12 min');
    expect(formatDuration(86_400)).toBe('24 h 0 min');
  });
});

describe('countEnrichments', () => {
  const p = plan(`epics:
  - id: e1
    title: E1
    stories:
      - id: s1
        title: S1
        tasks:
          - id: t1
            title: T1
          - id: t2
            title: T2
            depends_on: [e2]
      - id: s2
        title: S2
        depends_on: [s1]
  - id: e2
    title: E2
    stories:
      - id: s3
        title: S3
        depends_on: [t1]
`);
  const childrenOf = (id: string) => p.items.filter((i) => i.parent === id).map((i) => i.id);
  const existing =
    (...ids: string[]) =>
    (id: string) =>
      ids.includes(id);

  it('counts created items that name a child, a blocker of the same kind or a later one', () => {
    // e1 and e2 name children, s1 a child, s2 a blocker of its kind, s3 a task; t1 and t2 name earlier kinds only.
    expect(countEnrichments(p.items, existing(), childrenOf)).toBe(5);
  });

  it('counts nothing for items that exist already', () => {
    expect(countEnrichments(p.items, existing(...p.items.map((i) => i.id)), childrenOf)).toBe(0);
  });

  it('counts nothing for an empty plan', () => {
    expect(countEnrichments([], existing(), () => [])).toBe(0);
  });

  it('takes relatives that exist already as numbered', () => {
    // e2 still names s3, which is created after it; s2 and s3 name existing blockers.
    expect(countEnrichments(p.items, existing('e1', 's1', 't1'), childrenOf)).toBe(1);
  });

  it('counts an item whose only unnumbered relative is a child', () => {
    const items = p.items.filter((i) => i.id === 'e1' || i.id === 's1');
    expect(countEnrichments(items, existing('s1'), childrenOf)).toBe(1); // e1 still names s2
    expect(countEnrichments(items, existing('s1', 's2'), childrenOf)).toBe(0);
  });

  it('counts a relative the plan does not have and that does not exist', () => {
    const lone: PlanItem = {
      id: 'x',
      previousIds: [],
      kind: 'task',
      title: 'X',
      body: '',
      labels: [],
      dependsOn: ['ghost'],
      fields: {},
    };
    expect(countEnrichments([lone], existing(), () => [])).toBe(1);
    expect(countEnrichments([lone], existing('ghost'), () => [])).toBe(0);
    expect(countEnrichments([{ ...lone, dependsOn: [] }], existing(), () => [])).toBe(0);
  });

  it('counts a blocker of a later kind but not one of an earlier kind', () => {
    const task: PlanItem = {
      id: 't',
      previousIds: [],
      kind: 'task',
      title: 'T',
      body: '',
      labels: [],
      dependsOn: [],
      fields: {},
    };
    const story: PlanItem = { ...task, id: 's', kind: 'story', dependsOn: ['t'] };
    const epic: PlanItem = { ...task, id: 'e', kind: 'epic', dependsOn: ['t'] };
    const blockedTask: PlanItem = { ...task, id: 't2', dependsOn: ['s', 'e'] };
    expect(countEnrichments([task, story], existing(), () => [])).toBe(1);
    expect(countEnrichments([task, epic], existing(), () => [])).toBe(1);
    expect(countEnrichments([task, story, epic, blockedTask], existing(), () => [])).toBe(2);
  });
});
