import type { Acquisition } from '../trace/acquisitions.js';
import type { Stop } from '../trace/stops.js';
import type { Wait } from '../trace/waits.js';

/**
 * Whether a process was *engaged* when it stopped (liveness.ts): its stop then may leave a
 * lock file behind. These two predicates are the liveness checker's reading, not the trace's.
 */

/** Whether the wait was under way when the stop began (a crash that ended it counts). */
export function waitingAt(wait: Wait, stop: Stop): boolean {
  if (wait.pid !== stop.pid || wait.startMs > stop.atMs) return false;
  return (
    stop.atMs < wait.endMs ||
    (stop.kind === 'crash' && wait.endedBy === 'crash' && wait.endMs === stop.atMs)
  );
}

/** Whether the acquisition held the lock when the stop began (a crash that ended it counts). */
export function holdingAt(acquisition: Acquisition, stop: Stop): boolean {
  if (acquisition.pid !== stop.pid || acquisition.enterMs > stop.atMs) return false;
  const endMs = acquisition.releaseMs ?? acquisition.crashMs;
  return endMs === undefined || stop.atMs < endMs || acquisition.crashMs === stop.atMs;
}
