import type { TraceEvent } from '../check/trace.js';
import type { Interval, IntervalKind } from './layout-types.js';

interface Open {
  start: number;
  event: number;
  token: number | null;
}

/** What one process has open: at most one interval of each kind. */
type Opened = Partial<Record<Exclude<IntervalKind, 'refreshing' | 'paused'>, Open>>;

/**
 * The waiting, holding, releasing and paused spans of every process, read from its events in
 * time order: `acquire-start` opens a wait that `cs-enter` (acquired) or `acquire-failed`
 * closes; `cs-enter` opens the critical section that `cs-exit` closes, as the safety checker
 * reads it; `cs-exit` opens the release that the `release` event closes. A crash closes
 * everything (a dead process is in nothing); what is still open at the end of the run ends there.
 */
export function lifeIntervals(
  trace: readonly TraceEvent[],
  order: readonly number[],
  laneOf: (pid: number) => number,
  endMs: number,
): Interval[] {
  const intervals: Interval[] = [];
  const opened = new Map<number, Opened>();
  const close = (
    pid: number,
    kind: keyof Opened,
    at: number,
    endEvent: number | null,
    outcome: string,
  ) => {
    const open = opened.get(pid)?.[kind];
    if (open === undefined) return undefined;
    delete opened.get(pid)![kind];
    intervals.push({ kind, lane: laneOf(pid), pid, ...open, end: at, endEvent, outcome });
    return open;
  };
  const open = (pid: number, kind: keyof Opened, value: Open) => {
    const mine = opened.get(pid) ?? {};
    mine[kind] = value;
    opened.set(pid, mine);
  };
  for (const index of order) {
    const event = trace[index]!;
    const { t } = event;
    switch (event.kind) {
      case 'acquire-start':
        close(event.pid, 'waiting', t, index, 'restarted');
        open(event.pid, 'waiting', { start: t, event: index, token: null });
        break;
      case 'cs-enter': {
        const token = event.token ?? null;
        close(event.pid, 'waiting', t, index, 'acquired');
        close(event.pid, 'holding', t, index, 'entered again');
        close(event.pid, 'releasing', t, index, 'entered again');
        open(event.pid, 'holding', { start: t, event: index, token });
        break;
      }
      case 'cs-exit': {
        const held = close(event.pid, 'holding', t, index, 'exited');
        if (held !== undefined) open(event.pid, 'releasing', { ...held, start: t, event: index });
        break;
      }
      case 'acquire-failed':
        close(event.pid, 'waiting', t, index, event.reason);
        break;
      case 'release':
        // A release without a `cs-exit` (a hand-made trace) ends the critical section itself.
        if (close(event.pid, 'releasing', t, index, event.result) === undefined)
          close(event.pid, 'holding', t, index, event.result);
        break;
      case 'crash':
      case 'exit':
        for (const kind of ['waiting', 'holding', 'releasing'] as const)
          close(event.pid, kind, t, index, event.kind === 'crash' ? 'crashed' : 'exited');
        break;
      case 'pause':
        intervals.push(pauseInterval(event.pid, laneOf(event.pid), t, event.ms, index, endMs));
        break;
      default:
        break;
    }
  }
  for (const [pid, mine] of opened)
    for (const kind of Object.keys(mine) as (keyof Opened)[])
      close(pid, kind, Math.max(endMs, mine[kind]!.start), null, 'run ended');
  return intervals;
}

/** A pause lasts its `ms`, cut at the end of the run (the world stops waiting for it there). */
function pauseInterval(
  pid: number,
  lane: number,
  t: number,
  ms: number,
  index: number,
  endMs: number,
): Interval {
  return {
    kind: 'paused',
    lane,
    pid,
    start: t,
    end: Math.max(t, Math.min(t + ms, endMs)),
    token: null,
    event: index,
    endEvent: null,
    outcome: `${ms} ms`,
  };
}
