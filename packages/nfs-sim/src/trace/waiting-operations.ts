import { collectAcquisitions } from './acquisitions.js';
import { inTimeOrder, runEndMs } from './time-order.js';
import type { TraceEvent } from './trace-event.js';
import { collectWaits, type Wait } from './waits.js';

/**
 * What waiting cost the server: the file operations waiting processes sent while another
 * process held the lock, how long they waited so, and in how many waits. Operations over time
 * is the load each waiter puts on the server per second of waiting, the price of noticing a
 * release sooner by polling; operations over waits is what one wait costs in all, its fixed
 * part (a claim, a first link, a look at the holder) included, however short the wait.
 */
export interface WaitingOperations {
  operations: number;
  waitingMs: number;
  /** The waits that overlapped another process's holding (the others cost the server nothing here). */
  waits: number;
}

/** A stretch of time in which a process held the lock. */
interface Holding {
  fromMs: number;
  toMs: number;
}

/**
 * Sums, over every wait of a lock call that may wait (not `tryLock()`), the time within it that
 * another process held the lock and the wait's file operations in that time. Holding is the
 * critical section: the release that follows is left out, since a lock may be free before its
 * release call returns, and so is the wait's own taking of a free lock. A holder that died
 * holding holds until the next acquisition (its lock file stays until broken).
 */
export function operationsWhileWaiting(trace: readonly TraceEvent[]): WaitingOperations {
  const events = inTimeOrder(trace);
  const endMs = runEndMs(events);
  const holdings = holdingsOf(events, endMs);
  const total: WaitingOperations = { operations: 0, waitingMs: 0, waits: 0 };
  for (const wait of collectWaits(events)) {
    const start = events[wait.startIndex];
    if (start?.kind !== 'acquire-start' || start.timeoutMs === 0) continue;
    const others = othersHolding(holdings, wait, Math.min(wait.endMs, endMs));
    if (others.length === 0) continue;
    total.waits += 1;
    total.waitingMs += others.reduce((sum, [fromMs, toMs]) => sum + toMs - fromMs, 0);
    const last = wait.endIndex ?? events.length;
    for (let index = wait.startIndex; index < last; index += 1) {
      const event = events[index];
      if (event?.kind === 'op' && event.pid === wait.pid && within(others, event.t)) {
        total.operations += 1;
      }
    }
  }
  return total;
}

function holdingsOf(events: readonly TraceEvent[], endMs: number): Holding[] {
  const acquisitions = collectAcquisitions(events);
  return acquisitions.map((acquisition, index) => ({
    fromMs: acquisition.enterMs,
    toMs:
      acquisition.crashMs === undefined
        ? acquisition.exitMs
        : (acquisitions[index + 1]?.enterMs ?? endMs),
  }));
}

/**
 * The times within the wait that the lock was held, merged, in order: by other processes, since
 * a process waits only while it holds nothing.
 */
function othersHolding(
  holdings: readonly Holding[],
  wait: Wait,
  waitEndMs: number,
): [number, number][] {
  const clipped = holdings
    .map(({ fromMs, toMs }): [number, number] => [
      Math.max(fromMs, wait.startMs),
      Math.min(toMs, waitEndMs),
    ])
    .filter(([fromMs, toMs]) => toMs > fromMs)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [fromMs, toMs] of clipped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && fromMs <= last[1]) last[1] = Math.max(last[1], toMs);
    else merged.push([fromMs, toMs]);
  }
  return merged;
}

function within(stretches: readonly [number, number][], atMs: number): boolean {
  return stretches.some(([fromMs, toMs]) => atMs >= fromMs && atMs < toMs);
}
