import type { TraceEvent } from './trace.js';

/**
 * The trace in time order. The simulator appends events as virtual time advances, so this is
 * normally the trace itself; otherwise a stably sorted copy (events at one instant keep their
 * order, so what a process did in one instant stays in the order it did it).
 */
export function inTimeOrder(trace: readonly TraceEvent[]): readonly TraceEvent[] {
  const sorted = trace.every((event, index) => index === 0 || trace[index - 1]!.t <= event.t);
  return sorted ? trace : [...trace].sort((a, b) => a.t - b.t);
}

/** When the run ended: its (last) `end` event, else its last event, else 0. */
export function runEndMs(events: readonly TraceEvent[]): number {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (event.kind === 'end') return event.t;
  }
  return events.at(-1)?.t ?? 0;
}
