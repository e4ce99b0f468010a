import type { TraceEvent } from './trace-event.js';

/**
 * The trace's indices in time order. The simulator appends events as virtual time advances, so
 * this is normally 0..n-1; a hand-made trace is sorted stably (events at one instant keep their
 * order, so what a process did in one instant stays in the order it did it). The report keeps
 * these indices, so that every mark can point at the event it comes from.
 */
export function timeOrder(trace: readonly TraceEvent[]): number[] {
  const order = trace.map((_, index) => index);
  return isTimeOrdered(trace) ? order : order.sort((a, b) => trace[a]!.t - trace[b]!.t || a - b);
}

/** The trace's events in {@link timeOrder}: the trace itself when it is in order already. */
export function inTimeOrder(trace: readonly TraceEvent[]): readonly TraceEvent[] {
  return isTimeOrdered(trace) ? trace : timeOrder(trace).map((index) => trace[index]!);
}

/**
 * When the run ended: its latest `end` event, else its latest event, else 0. (The simulator
 * writes one `end`, last; the latest also reads a hand-made trace in any order.)
 */
export function runEndMs(trace: readonly TraceEvent[]): number {
  let end: number | undefined;
  let last: number | undefined;
  for (const event of trace) {
    if (event.kind === 'end') end = Math.max(end ?? event.t, event.t);
    last = Math.max(last ?? event.t, event.t);
  }
  return end ?? last ?? 0;
}

function isTimeOrdered(trace: readonly TraceEvent[]): boolean {
  return trace.every((event, index) => index === 0 || trace[index - 1]!.t <= event.t);
}
