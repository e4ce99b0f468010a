import type { TraceEvent } from './trace-event.js';

/**
 * One lock call of a process: from its `acquire-start` until it got in, gave up or died. The
 * liveness checker judges these and the report draws them. Positions (`…Index`) are in the
 * time-ordered trace the waits were collected from.
 */
export interface Wait {
  pid: number;
  /** Whether the process asked for a reader's place in a shared lock (`read`) or the lock alone. */
  mode: 'read' | 'write';
  startMs: number;
  startIndex: number;
  /** The pid's first `cs-enter`, `acquire-failed` or `crash` after the start; ∞ if none. */
  endMs: number;
  /** Position of that event; `undefined` when the run ended first. */
  endIndex: number | undefined;
  endedBy: 'cs-enter' | 'acquire-failed' | 'crash' | undefined;
}

/** Every wait in the time-ordered trace, in the order of their `acquire-start` events. */
export function collectWaits(events: readonly TraceEvent[]): Wait[] {
  const all: Wait[] = [];
  const open = new Map<number, Wait>();
  events.forEach((event, index) => {
    if (event.kind === 'acquire-start') {
      if (open.has(event.pid)) return; // a second start while waiting: the same wait
      const wait: Wait = {
        pid: event.pid,
        mode: event.mode ?? 'write',
        startMs: event.t,
        startIndex: index,
        endMs: Number.POSITIVE_INFINITY,
        endIndex: undefined,
        endedBy: undefined,
      };
      all.push(wait);
      open.set(event.pid, wait);
    } else if (
      event.kind === 'cs-enter' ||
      event.kind === 'acquire-failed' ||
      event.kind === 'crash'
    ) {
      const wait = open.get(event.pid);
      if (wait === undefined) return;
      wait.endMs = event.t;
      wait.endIndex = index;
      wait.endedBy = event.kind;
      open.delete(event.pid);
    }
  });
  return all;
}
