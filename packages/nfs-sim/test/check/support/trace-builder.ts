import type { CheckOptions } from '../../../src/check/check-options.js';
import type { AcquireFailure, ReleaseResult } from '../../../src/trace/codes.js';
import type { FaultKind } from '../../../src/trace/fault-kind.js';
import type { TraceEvent } from '../../../src/trace/trace-event.js';

/**
 * Little builders for hand-made traces. Every pid runs on its own client `c<pid>` unless told
 * otherwise; times are milliseconds. `trace()` flattens and puts events in time order (stably:
 * events at one instant keep the order they were written in).
 */

/** lifetime 15 s, slop 10 s (the anchors' values), bound 5 s, fencing off. */
export function options(overrides: Partial<CheckOptions> = {}): CheckOptions {
  return {
    lifetimeMs: 15_000,
    clockSlopMs: 10_000,
    livenessBoundMs: 5_000,
    fencing: false,
    ...overrides,
  };
}

/** lifetime + slop with {@link options}' defaults: when a dead holder's lock may be broken. */
export const EXPIRY_MS = 25_000;
/** {@link options}' default liveness bound. */
export const BOUND_MS = 5_000;

export function trace(...parts: (TraceEvent | TraceEvent[])[]): TraceEvent[] {
  return parts.flat().sort((a, b) => a.t - b.t);
}

const clientOf = (pid: number): string => `c${pid}`;

export function start(t: number, pid: number, timeoutMs: number | null = null): TraceEvent {
  return { t, kind: 'acquire-start', pid, client: clientOf(pid), timeoutMs };
}

export function enter(t: number, pid: number, token?: number): TraceEvent {
  const event: TraceEvent = { t, kind: 'cs-enter', pid, client: clientOf(pid) };
  return token === undefined ? event : { ...event, token };
}

export function exit(t: number, pid: number): TraceEvent {
  return { t, kind: 'cs-exit', pid };
}

export function release(t: number, pid: number, result: ReleaseResult = 'ok'): TraceEvent {
  return { t, kind: 'release', pid, result };
}

/** acquire-start, cs-enter, cs-exit and release: one clean turn in the critical section. */
export function turn(pid: number, fromMs: number, toMs: number, token?: number): TraceEvent[] {
  return [start(fromMs, pid), enter(fromMs, pid, token), exit(toMs, pid), release(toMs, pid)];
}

export function gaveUp(t: number, pid: number, reason: AcquireFailure = 'timeout'): TraceEvent {
  return { t, kind: 'acquire-failed', pid, reason };
}

export function told(
  t: number,
  pid: number,
  source: 'refresh' | 'release' = 'refresh',
): TraceEvent {
  return { t, kind: 'compromised', pid, source, message: 'lock lost' };
}

export function log(t: number, pid: number, level: 'warn' | 'error', message = 'oops'): TraceEvent {
  return { t, kind: 'log', pid, level, message };
}

export function crash(t: number, pid: number): TraceEvent {
  return { t, kind: 'crash', pid };
}

export function pause(t: number, pid: number, ms: number): TraceEvent {
  return { t, kind: 'pause', pid, ms };
}

export function exited(t: number, pid: number): TraceEvent {
  return { t, kind: 'exit', pid };
}

/** A fault on pid's client. */
export function fault(t: number, what: FaultKind, pid: number): TraceEvent {
  return { t, kind: 'fault', what, client: clientOf(pid) };
}

export function end(t: number, files: string[] = []): TraceEvent {
  return { t, kind: 'end', files };
}

/** A reader's acquire-start (shared lock). */
export function startReading(t: number, pid: number, timeoutMs: number | null = null): TraceEvent {
  return { t, kind: 'acquire-start', pid, client: clientOf(pid), timeoutMs, mode: 'read' };
}

/** A reader's cs-enter (shared lock). */
export function enterReading(t: number, pid: number, token?: number): TraceEvent {
  const event: TraceEvent = { t, kind: 'cs-enter', pid, client: clientOf(pid), mode: 'read' };
  return token === undefined ? event : { ...event, token };
}

/** One clean turn of a reader: acquire-start, cs-enter, cs-exit and release. */
export function readingTurn(pid: number, fromMs: number, toMs: number): TraceEvent[] {
  return [
    startReading(fromMs, pid),
    enterReading(fromMs, pid),
    exit(toMs, pid),
    release(toMs, pid),
  ];
}
