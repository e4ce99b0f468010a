import type { TraceEvent } from './trace-event.js';

/**
 * A stretch of time during which a process did not run: a pause, or forever after a crash.
 * The liveness checker frees a stopped holder's lock from these and the report draws pauses.
 */
export interface Stop {
  pid: number;
  kind: 'pause' | 'crash';
  atMs: number;
  /** When it runs again: the pause's end; ∞ after a crash. */
  untilMs: number;
  /** Position of the `pause` or `crash` event in the time-ordered trace. */
  index: number;
}

/** Every pause and crash in the time-ordered trace, in time order. */
export function collectStops(events: readonly TraceEvent[]): Stop[] {
  const stops: Stop[] = [];
  events.forEach((event, index) => {
    if (event.kind === 'pause') {
      stops.push({
        pid: event.pid,
        kind: 'pause',
        atMs: event.t,
        untilMs: event.t + event.ms,
        index,
      });
    } else if (event.kind === 'crash') {
      stops.push({
        pid: event.pid,
        kind: 'crash',
        atMs: event.t,
        untilMs: Number.POSITIVE_INFINITY,
        index,
      });
    }
  });
  return stops;
}
