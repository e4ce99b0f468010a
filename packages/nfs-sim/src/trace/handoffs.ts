import { type Acquisition, collectAcquisitions } from './acquisitions.js';
import { inTimeOrder } from './time-order.js';
import type { TraceEvent } from './trace-event.js';
import { collectWaits, type Wait } from './waits.js';

/**
 * A hand-off of the lock from one host to another: a holder on one client releases while
 * processes on other clients wait, and the first of those waiters gets in. On NFS a directory
 * watch never sees another host's release, so how soon that waiter notices is all its polling.
 */
export interface CrossHostHandoff {
  fromPid: number;
  fromClient: string;
  /** When the holder began to release (its `cs-exit`). */
  releaseStartMs: number;
  /** When its release call returned. */
  releasedMs: number;
  toPid: number;
  toClient: string;
  /** When the waiter's lock call returned holding the lock (its `cs-enter`). */
  acquiredMs: number;
  /**
   * From the start of the release to the waiter holding the lock. Counted from the start: a
   * lock may be free before its release call returns (linklock's is after the first of the
   * release's four file operations), so a waiter can hold it before the old holder's call ends.
   */
  latencyMs: number;
}

/**
 * Every release (a critical section that ended and a release call that returned `ok`) during
 * which a process on another client was waiting, with the first of those waiters to get in.
 * Releases whose cross-host waiters all gave up or died have no hand-off. A holder that takes
 * the lock again before the waiter does makes the hand-off longer: the waiter still waits.
 */
export function collectCrossHostHandoffs(trace: readonly TraceEvent[]): CrossHostHandoff[] {
  const events = inTimeOrder(trace);
  const waits = collectWaits(events);
  const handoffs: CrossHostHandoff[] = [];
  for (const acquisition of collectAcquisitions(events)) {
    const releasedMs = cleanReleaseMs(events, acquisition);
    if (releasedMs === undefined) continue;
    const releaseStartMs = acquisition.exitMs;
    const winner = firstToGetIn(
      waits.filter(
        (wait) =>
          clientOf(events, wait) !== acquisition.client &&
          wait.startMs <= releaseStartMs &&
          wait.endMs > releaseStartMs,
      ),
    );
    if (winner === undefined) continue;
    handoffs.push({
      fromPid: acquisition.pid,
      fromClient: acquisition.client,
      releaseStartMs,
      releasedMs,
      toPid: winner.pid,
      toClient: clientOf(events, winner),
      acquiredMs: winner.endMs,
      latencyMs: winner.endMs - releaseStartMs,
    });
  }
  return handoffs;
}

/** When the acquisition's release call returned `ok` after its critical section ended; else undefined. */
function cleanReleaseMs(
  events: readonly TraceEvent[],
  acquisition: Acquisition,
): number | undefined {
  if (acquisition.crashMs !== undefined || acquisition.exitIndex === undefined) return undefined;
  if (events[acquisition.exitIndex]?.kind !== 'cs-exit') return undefined;
  const release =
    acquisition.releaseIndex === undefined ? undefined : events[acquisition.releaseIndex];
  return release?.kind === 'release' && release.result === 'ok' ? release.t : undefined;
}

function firstToGetIn(waits: readonly Wait[]): Wait | undefined {
  let first: Wait | undefined;
  for (const wait of waits) {
    if (wait.endedBy === 'cs-enter' && (first === undefined || wait.endMs < first.endMs))
      first = wait;
  }
  return first;
}

/** The client a wait's process ran on, from its `acquire-start`. */
export function clientOf(events: readonly TraceEvent[], wait: Wait): string {
  const start = events[wait.startIndex];
  return start?.kind === 'acquire-start' ? start.client : '';
}
