import type { TraceEvent } from './trace.js';

/** One lock call of a process: from its `acquire-start` until it got in, gave up or died. */
export interface Wait {
  pid: number;
  startMs: number;
  /** The pid's first `cs-enter`, `acquire-failed` or `crash` after the start; ∞ if none. */
  endMs: number;
  endedBy: 'cs-enter' | 'acquire-failed' | 'crash' | undefined;
}

/** A stretch of time during which a process did not run: a pause, or forever after a crash. */
export interface Stop {
  pid: number;
  kind: 'pause' | 'crash';
  atMs: number;
  /** When it runs again: the pause's end; ∞ after a crash. */
  untilMs: number;
}

/** Every wait in the time-ordered trace, in the order of their `acquire-start` events. */
export function collectWaits(events: readonly TraceEvent[]): Wait[] {
  const all: Wait[] = [];
  const open = new Map<number, Wait>();
  for (const event of events) {
    if (event.kind === 'acquire-start') {
      if (open.has(event.pid)) continue; // a second start while waiting: the same wait
      const wait: Wait = {
        pid: event.pid,
        startMs: event.t,
        endMs: Number.POSITIVE_INFINITY,
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
      if (wait === undefined) continue;
      wait.endMs = event.t;
      wait.endedBy = event.kind;
      open.delete(event.pid);
    }
  }
  return all;
}

/** Every pause and crash in the time-ordered trace, in time order. */
export function collectStops(events: readonly TraceEvent[]): Stop[] {
  const stops: Stop[] = [];
  for (const event of events) {
    if (event.kind === 'pause') {
      stops.push({ pid: event.pid, kind: 'pause', atMs: event.t, untilMs: event.t + event.ms });
    } else if (event.kind === 'crash') {
      stops.push({
        pid: event.pid,
        kind: 'crash',
        atMs: event.t,
        untilMs: Number.POSITIVE_INFINITY,
      });
    }
  }
  return stops;
}

/** Whether the wait was under way when the stop began (a crash that ended it counts). */
export function waitingAt(wait: Wait, stop: Stop): boolean {
  if (wait.pid !== stop.pid || wait.startMs > stop.atMs) return false;
  return (
    stop.atMs < wait.endMs ||
    (stop.kind === 'crash' && wait.endedBy === 'crash' && wait.endMs === stop.atMs)
  );
}
