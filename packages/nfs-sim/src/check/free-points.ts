import { type Acquisition, collectAcquisitions } from '../trace/acquisitions.js';
import { collectStops, type Stop } from '../trace/stops.js';
import { runEndMs } from '../trace/time-order.js';
import type { TraceEvent } from '../trace/trace-event.js';
import { collectWaits, type Wait } from '../trace/waits.js';
import type { CheckOptions } from './check-options.js';
import { holdingAt, waitingAt } from './engaged.js';
import { ms } from './format-ms.js';

/** A moment from which the lock may be taken by a waiter (see liveness.ts for the rule). */
export interface FreePoint {
  atMs: number;
  /** Binds only waiters whose deadline is at most this (a paused holder may wake and refresh). */
  bindsUntilMs: number;
  /** Why the lock is free then, in words. */
  cause: string;
  pid: number | undefined;
}

/** Something after which a process may hold the lock file without the trace showing it. */
export interface Disturbance {
  atMs: number;
  pid: number | undefined;
}

/** What the liveness checker derives from a time-ordered trace. */
export interface LivenessModel {
  acquisitions: Acquisition[];
  waits: Wait[];
  /** Pauses by pid, in time order. */
  pausesByPid: Map<number, Stop[]>;
  /** Times of every `cs-enter`, ascending. */
  enterTimesMs: number[];
  freePoints: FreePoint[];
  disturbances: Disturbance[];
  runEndMs: number;
  /** When each acquisition stops holding the lock file (release, or expiry after a crash). */
  holdsUntilMs: Map<Acquisition, number>;
}

export function buildLivenessModel(
  events: readonly TraceEvent[],
  options: CheckOptions,
): LivenessModel {
  const expiryMs = options.lifetimeMs + options.clockSlopMs;
  const acquisitions = collectAcquisitions(events);
  const waits = collectWaits(events);
  const stops = collectStops(events);
  const engaged = stops.filter(
    (stop) =>
      waits.some((wait) => waitingAt(wait, stop)) || acquisitions.some((a) => holdingAt(a, stop)),
  );
  const holdsUntilMs = new Map<Acquisition, number>();
  const releases = acquisitions.flatMap((acquisition) => {
    const { untilMs, point } = releasePoint(events, acquisition, expiryMs);
    holdsUntilMs.set(acquisition, untilMs);
    return point === undefined ? [] : [point];
  });
  const softTimeouts = events.filter(
    (event) => event.kind === 'fault' && event.what === 'soft-timeout',
  );
  const pausesByPid = new Map<number, Stop[]>();
  for (const stop of stops) {
    if (stop.kind !== 'pause') continue;
    const pauses = pausesByPid.get(stop.pid);
    if (pauses === undefined) pausesByPid.set(stop.pid, [stop]);
    else pauses.push(stop);
  }
  return {
    acquisitions,
    waits,
    pausesByPid,
    enterTimesMs: acquisitions.map((a) => a.enterMs),
    freePoints: [
      ...releases,
      ...engaged.flatMap((stop) => stopPoint(stop, expiryMs)),
      ...softTimeouts.map((event) => softTimeoutPoint(event, expiryMs)),
    ].sort((a, b) => a.atMs - b.atMs),
    disturbances: [
      ...engaged.map((stop) => ({ atMs: stop.atMs, pid: stop.pid })),
      ...softTimeouts.map((event) => ({
        atMs: event.t,
        pid: 'pid' in event ? event.pid : undefined,
      })),
    ],
    runEndMs: runEndMs(events),
    holdsUntilMs,
  };
}

/**
 * When the acquisition stops holding the lock file — its release if 'ok', its expiry after a
 * failed release or a crash, never while it lasts — and the free point a release makes.
 */
function releasePoint(
  events: readonly TraceEvent[],
  acquisition: Acquisition,
  expiryMs: number,
): { untilMs: number; point: FreePoint | undefined } {
  const { pid, releaseIndex, releaseMs, crashMs } = acquisition;
  if (releaseMs === undefined || releaseIndex === undefined) {
    const untilMs = crashMs === undefined ? Number.POSITIVE_INFINITY : crashMs + expiryMs;
    return { untilMs, point: undefined };
  }
  const release = events[releaseIndex];
  const releasedOk = release?.kind === 'release' && release.result === 'ok';
  const untilMs = releasedOk ? releaseMs : releaseMs + expiryMs;
  const cause = releasedOk
    ? `pid ${pid} released it at ${ms(releaseMs)}`
    : `pid ${pid}'s release failed at ${ms(releaseMs)}, so its lock had expired by ${ms(untilMs)}`;
  return { untilMs, point: { atMs: untilMs, bindsUntilMs: Number.POSITIVE_INFINITY, cause, pid } };
}

/** The free point of an engaged process's crash or pause (none if it woke before its expiry). */
function stopPoint(stop: Stop, expiryMs: number): FreePoint[] {
  const atMs = stop.atMs + expiryMs;
  if (stop.untilMs < atMs) return [];
  const what = stop.kind === 'crash' ? 'crashed' : `paused for ${ms(stop.untilMs - stop.atMs)}`;
  const cause = `pid ${stop.pid} ${what} at ${ms(stop.atMs)}, so its lock could be broken from ${ms(atMs)}`;
  return [{ atMs, bindsUntilMs: stop.untilMs, cause, pid: stop.pid }];
}

function softTimeoutPoint(event: TraceEvent, expiryMs: number): FreePoint {
  const where =
    event.kind === 'fault' && event.client !== undefined ? ` on client ${event.client}` : '';
  const atMs = event.t + expiryMs;
  return {
    atMs,
    bindsUntilMs: Number.POSITIVE_INFINITY,
    cause: `a soft-timeout${where} at ${ms(event.t)} may have left a lock file that expired by ${ms(atMs)}`,
    pid: 'pid' in event ? event.pid : undefined,
  };
}
