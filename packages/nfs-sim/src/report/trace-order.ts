import type { TraceEvent } from '../check/trace.js';

/**
 * The trace's indices in time order. The simulator appends in time order, so this is normally
 * 0..n-1; a hand-made trace is sorted stably (what happened in one instant keeps its order), as
 * the checkers do, and the marks keep the original indices.
 */
export function timeOrder(trace: readonly TraceEvent[]): number[] {
  const order = trace.map((_, index) => index);
  const sorted = trace.every((event, index) => index === 0 || trace[index - 1]!.t <= event.t);
  return sorted ? order : order.sort((a, b) => trace[a]!.t - trace[b]!.t || a - b);
}

/** When the run ended: its last `end` event, else its last event, else 0. */
export function endOf(trace: readonly TraceEvent[]): number {
  let end: number | undefined;
  let last = 0;
  for (const event of trace) {
    if (event.kind === 'end') end = event.t;
    last = Math.max(last, event.t);
  }
  return end ?? last;
}
