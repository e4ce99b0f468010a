import type { TraceEvent } from '../trace/trace-event.js';
import type { Interval } from './layout-types.js';

/**
 * The holder's refreshes: the workload only sleeps inside the critical section, so every file
 * operation a process completes while holding is its lock's own work in the background (the
 * refresher touching the lock). Operations closer together than `gapMs` are one refresh. The
 * trace stamps an operation when its reply arrives, not when it was sent, so a refresh spans
 * from its first reply to its last (a single-operation refresh is an instant).
 */
export function refreshIntervals(
  trace: readonly TraceEvent[],
  order: readonly number[],
  holdings: readonly Interval[],
  gapMs: number,
): Interval[] {
  const opens = new Map<number, Interval>();
  const closes = new Map<number, Interval>();
  for (const holding of holdings) {
    opens.set(holding.event, holding);
    if (holding.endEvent !== null) closes.set(holding.endEvent, holding);
  }
  const holdingNow = new Map<number, Interval>();
  const refreshes: Interval[] = [];
  const current = new Map<number, Interval>();
  for (const index of order) {
    const event = trace[index]!;
    const closed = closes.get(index);
    if (closed !== undefined && holdingNow.get(closed.pid) === closed)
      holdingNow.delete(closed.pid);
    const opened = opens.get(index);
    if (opened !== undefined) {
      holdingNow.set(opened.pid, opened);
      current.delete(opened.pid);
    }
    if (event.kind !== 'op') continue;
    const holding = holdingNow.get(event.pid);
    if (holding === undefined) continue;
    const refresh = current.get(event.pid);
    if (refresh !== undefined && event.t - refresh.end <= gapMs) {
      refresh.end = event.t;
      refresh.endEvent = index;
      refresh.outcome = event.result;
      continue;
    }
    const next: Interval = {
      kind: 'refreshing',
      lane: holding.lane,
      pid: event.pid,
      start: event.t,
      end: event.t,
      token: holding.token,
      event: index,
      endEvent: index,
      outcome: event.result,
    };
    refreshes.push(next);
    current.set(event.pid, next);
  }
  return refreshes;
}
