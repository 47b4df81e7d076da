/**
 * What a sync will cost before it starts: requests by kind and an estimated duration under GitHub's documented
 * secondary limits (900 points a minute, a GET 1 point and a write 5; 80 content-creating requests a minute and
 * 500 an hour). Pure arithmetic over the change set.
 */
import { GITHUB_SECONDARY_LIMITS } from '../../github/pacer.js';
import type { PlanItem } from '../../plan/index.js';

export interface ChangeCounts {
  labels: number;
  milestones: number;
  creates: number;
  /** PATCHes: updates of existing issues and enrichment of created ones. */
  patches: number;
  linkAdds: number;
  linkRemoves: number;
  closes: number;
  /** Issues added to the Projects v2 board (content-creating). */
  projectAdds: number;
  /** Updates of project item field values, one per item. */
  projectUpdates: number;
  /** Pages of the issue list read again after creating, to catch a concurrent run's creates. */
  rediscoverReads: number;
}

export interface SyncCost {
  /** Requests of the whole run, reads already made included. */
  requests: { total: number; reads: number; writes: number; contentCreating: number };
  /** Estimated wall time of the writes, in seconds. */
  etaSeconds: number;
  /** Minutes the hourly content-creation limit alone forces (0 when the run fits in one hour's 500). */
  hourlyLimitWaitMinutes: number;
}

/** A round trip to api.github.com for a write, as measured from CI runners; the estimate's one assumption. */
export const ASSUMED_WRITE_LATENCY_MS = 400;

export function estimateCost(
  changes: ChangeCounts,
  readsSoFar: number,
  options: { maxConcurrency: number; pacing: 'github' | 'off' },
): SyncCost {
  const contentCreating =
    changes.labels + changes.milestones + changes.creates + changes.linkAdds + changes.projectAdds;
  const writes = contentCreating + changes.patches + changes.linkRemoves + changes.closes + changes.projectUpdates;
  // Before the first write: the repository (permissions) and the rate-limit budget.
  const reads = readsSoFar + (writes > 0 ? 2 : 0) + changes.rediscoverReads;
  const latencySeconds = (writes * ASSUMED_WRITE_LATENCY_MS) / 1000 / options.maxConcurrency;
  let pacedSeconds = 0;
  let hourlyLimitWaitMinutes = 0;
  if (options.pacing === 'github') {
    const limits = GITHUB_SECONDARY_LIMITS;
    // The pacer's own floor: a window's budget goes at once, and the next request waits until the window's first
    // entry leaves it, a whole minute (or hour) after it was sent. So 81 creations take a minute, not 1/80th more.
    const fullHours = Math.floor(Math.max(0, contentCreating - 1) / limits.contentCreationsPerHour);
    hourlyLimitWaitMinutes = fullHours * 60;
    const lastHour = contentCreating - fullHours * limits.contentCreationsPerHour;
    const minutes = Math.max(
      Math.floor(Math.max(0, lastHour - 1) / limits.contentCreationsPerMinute),
      Math.floor(Math.max(0, writes * 5 + reads - 1) / limits.pointsPerMinute),
    );
    // After the last wait, the last window's share of the writes still takes its round trips.
    pacedSeconds = minutes * 60 + latencySeconds / (minutes + 1) + hourlyLimitWaitMinutes * 60;
  }
  return {
    requests: { total: reads + writes, reads, writes, contentCreating },
    etaSeconds: Math.round(Math.max(latencySeconds, pacedSeconds)),
    hourlyLimitWaitMinutes,
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const KIND_RANK = { epic: 0, story: 1, task: 2 } as const;

/**
 * Created items that need a second write (enrichment): those whose section names a relative without a number at
 * their creation: a child (always created later), or a blocker created in the same phase or a later one.
 */
export function countEnrichments(
  items: readonly PlanItem[],
  exists: (id: string) => boolean,
  childrenOf: (id: string) => readonly string[],
): number {
  const byId = new Map(items.map((item) => [item.id, item]));
  const numberedWhenCreated = (item: PlanItem, relative: string) => {
    if (exists(relative)) return true;
    const other = byId.get(relative);
    return other !== undefined && KIND_RANK[other.kind] < KIND_RANK[item.kind];
  };
  return items.filter(
    (item) =>
      !exists(item.id) &&
      [...(item.parent === undefined ? [] : [item.parent]), ...item.dependsOn, ...childrenOf(item.id)].some(
        (relative) => !numberedWhenCreated(item, relative),
      ),
  ).length;
}
