import { type Acquisition, collectAcquisitions } from '../trace/acquisitions.js';
import { collectStops } from '../trace/stops.js';
import type { TraceEvent, TraceEventOf } from '../trace/trace-event.js';
import { collectWaits, type Wait } from '../trace/waits.js';
import type { Interval, IntervalOutcome } from './layout-types.js';

/** What the report needs to place a process's spans: its lane, and where the run ends. */
export interface LifeFrame {
  /** The trace's indices in time order (`timeOrder`): positions below map back through it. */
  order: readonly number[];
  laneOf: (pid: number) => number;
  endMs: number;
}

/**
 * The waiting, holding, releasing and paused spans of every process, as the checkers read them
 * (trace/): a wait from `acquire-start` until `cs-enter` (acquired), `acquire-failed` or a
 * crash; the critical section (holding) from `cs-enter` to `cs-exit`, a crash or the pid's
 * next `cs-enter`; the release from `cs-exit` to the `release` event, a crash or the next
 * `cs-enter`; a pause for its `ms`. What is still open at the end of the run ends there.
 * `events` is the trace in time order; every interval names its events by trace index.
 */
export function lifeIntervals(events: readonly TraceEvent[], frame: LifeFrame): Interval[] {
  return [
    ...collectWaits(events).map((wait) => waiting(events, wait, frame)),
    ...collectAcquisitions(events).flatMap((acquisition) => [
      holding(events, acquisition, frame),
      ...releasing(events, acquisition, frame),
    ]),
    ...collectStops(events).flatMap((stop) => {
      const event = events[stop.index]!;
      return event.kind === 'pause' ? [paused(event, stop.index, frame)] : [];
    }),
  ];
}

function waiting(events: readonly TraceEvent[], wait: Wait, frame: LifeFrame): Interval {
  const end = events[wait.endIndex ?? -1];
  const outcome =
    end === undefined
      ? 'run ended'
      : end.kind === 'acquire-failed'
        ? end.reason
        : end.kind === 'cs-enter'
          ? 'acquired'
          : 'crashed';
  return span(frame, {
    kind: 'waiting',
    pid: wait.pid,
    start: wait.startMs,
    event: wait.startIndex,
    token: null,
    endIndex: wait.endIndex,
    endMs: wait.endMs,
    outcome,
  });
}

function holding(
  events: readonly TraceEvent[],
  acquisition: Acquisition,
  frame: LifeFrame,
): Interval {
  const end = events[acquisition.exitIndex ?? -1];
  const outcome =
    end === undefined
      ? 'run ended'
      : end.kind === 'cs-exit'
        ? 'exited'
        : end.kind === 'crash'
          ? 'crashed'
          : 'entered again';
  return span(frame, {
    kind: 'holding',
    pid: acquisition.pid,
    start: acquisition.enterMs,
    event: acquisition.enterIndex,
    token: acquisition.token ?? null,
    endIndex: acquisition.exitIndex,
    endMs: acquisition.exitMs,
    outcome,
  });
}

/** From the `cs-exit` to what ended the holding: the release, a crash, or the next `cs-enter`. */
function releasing(
  events: readonly TraceEvent[],
  acquisition: Acquisition,
  frame: LifeFrame,
): Interval[] {
  const { exitIndex } = acquisition;
  if (exitIndex === undefined || events[exitIndex]!.kind !== 'cs-exit') return [];
  const nextEnter =
    acquisition.nextEnterIndex < events.length ? acquisition.nextEnterIndex : undefined;
  const endIndex = [acquisition.releaseIndex, acquisition.crashIndex, nextEnter]
    .filter((index): index is number => index !== undefined && index > exitIndex)
    .reduce<number | undefined>((first, index) => Math.min(first ?? index, index), undefined);
  const end = events[endIndex ?? -1];
  const outcome =
    end === undefined
      ? 'run ended'
      : end.kind === 'release'
        ? end.result
        : end.kind === 'crash'
          ? 'crashed'
          : 'entered again';
  return [
    span(frame, {
      kind: 'releasing',
      pid: acquisition.pid,
      start: acquisition.exitMs,
      event: exitIndex,
      token: acquisition.token ?? null,
      endIndex,
      endMs: end?.t ?? Number.POSITIVE_INFINITY,
      outcome,
    }),
  ];
}

/** A span from positions to trace indices; one still open at the end of the run ends there. */
function span(
  frame: LifeFrame,
  open: {
    kind: Exclude<Interval['kind'], 'refreshing' | 'paused'>;
    pid: number;
    start: number;
    event: number;
    token: number | null;
    endIndex: number | undefined;
    endMs: number;
    outcome: IntervalOutcome;
  },
): Interval {
  const { kind, pid, start, event, token, endIndex, endMs, outcome } = open;
  // Keys in the order the page's data has always had them (the report's JSON stays the same).
  return {
    kind,
    lane: frame.laneOf(pid),
    pid,
    start,
    event: frame.order[event]!,
    token,
    end: endIndex === undefined ? Math.max(frame.endMs, start) : endMs,
    endEvent: endIndex === undefined ? null : frame.order[endIndex]!,
    outcome,
  };
}

/** A pause lasts its `ms`, cut at the end of the run (the world stops waiting for it there). */
function paused(event: TraceEventOf<'pause'>, position: number, frame: LifeFrame): Interval {
  const { t, ms } = event;
  return {
    kind: 'paused',
    lane: frame.laneOf(event.pid),
    pid: event.pid,
    start: t,
    end: Math.max(t, Math.min(t + ms, frame.endMs)),
    token: null,
    event: frame.order[position]!,
    endEvent: null,
    outcome: `${ms} ms`,
  };
}
