/** One critical section: who held the lock, from when its acquire returned to its release. */
export interface Interval {
  process: number;
  acquiredNs: number;
  releasingNs: number;
}

/** Intervals from a process's flattened report `[acquired0, releasing0, acquired1, …]`. */
export function unflatten(process: number, flat: readonly number[]): Interval[] {
  const intervals: Interval[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    intervals.push({ process, acquiredNs: flat[i] as number, releasingNs: flat[i + 1] as number });
  }
  return intervals;
}

/** The intervals of all processes in the order the lock was acquired. */
export function inAcquisitionOrder(intervals: readonly Interval[]): Interval[] {
  return [...intervals].sort((a, b) => a.acquiredNs - b.acquiredNs);
}

/**
 * Hand-offs: for each acquisition by another process than the previous holder, the time from
 * the previous holder starting its release to this acquire returning. Re-acquisitions by the
 * same process are not hand-offs and are left out.
 */
export function handoffGapsNs(ordered: readonly Interval[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < ordered.length; i += 1) {
    const previous = ordered[i - 1] as Interval;
    const next = ordered[i] as Interval;
    if (next.process !== previous.process) gaps.push(next.acquiredNs - previous.releasingNs);
  }
  return gaps;
}

/** Critical sections that began before an earlier one had ended: each is a broken exclusion. */
export function countOverlaps(ordered: readonly Interval[]): number {
  let overlaps = 0;
  let latestEnd = Number.NEGATIVE_INFINITY;
  for (const interval of ordered) {
    if (interval.acquiredNs < latestEnd) overlaps += 1;
    latestEnd = Math.max(latestEnd, interval.releasingNs);
  }
  return overlaps;
}
