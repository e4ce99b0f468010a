import type { Violation } from '../check/violation.js';
import type { TraceEvent } from '../trace/trace-event.js';
import type { LaneTable } from './lanes.js';
import type { Interval, ViolationMark } from './layout-types.js';

/**
 * Places each violation on the timeline. A violation records one instant (`t`) and its pids;
 * the span comes from the intervals it is about, matched the way the checkers build them:
 * - safety (`pids` = [earlier holder A, later holder B], `t` = B's entry): from B's entry to
 *   the first of the two critical sections to end, the overlap the checker measured;
 * - liveness (`t` = the waiter's deadline): from the start of the wait that contains `t`;
 * - hygiene, fencing and the rest: the instant itself.
 * A violation that names no pid (a run that did not finish) spans every process lane.
 */
export function violationMarks(
  violations: readonly Violation[],
  intervals: readonly Interval[],
  trace: readonly TraceEvent[],
  lanes: LaneTable,
): ViolationMark[] {
  return violations.map((violation) => {
    const span = spanOf(violation, intervals);
    const processLanes = lanes.lanes.filter((lane) => lane.kind === 'process');
    const named = violation.pids.flatMap((pid) => {
      const lane = lanes.byPid.get(pid);
      return lane === undefined ? [] : [lane];
    });
    return {
      checker: violation.checker,
      message: violation.message,
      start: span.start,
      end: span.end,
      pids: [...violation.pids],
      lanes: named.length > 0 ? named : processLanes.map((lane) => lane.index),
      event: span.event ?? eventAt(trace, violation),
    };
  });
}

interface Span {
  start: number;
  end: number;
  event: number | null;
}

function spanOf(violation: Violation, intervals: readonly Interval[]): Span {
  const { t, pids } = violation;
  const instant = { start: t, end: t, event: null };
  if (violation.checker === 'safety' && pids.length === 2) {
    const later = intervals.find((i) => i.kind === 'holding' && i.pid === pids[1] && i.start === t);
    const earlier = intervals.find(
      (i) => i.kind === 'holding' && i.pid === pids[0] && i.start <= t && i.end > t,
    );
    if (later === undefined || earlier === undefined) return instant;
    return { start: t, end: Math.min(later.end, earlier.end), event: later.event };
  }
  if (violation.checker === 'liveness' && pids.length > 0) {
    const wait = intervals.find(
      (i) => i.kind === 'waiting' && i.pid === pids[0] && i.start <= t && i.end >= t,
    );
    if (wait !== undefined) return { start: wait.start, end: t, event: wait.event };
  }
  return instant;
}

/** The first trace event at the violation's instant of one of its pids (the one that shows it). */
function eventAt(trace: readonly TraceEvent[], violation: Violation): number | null {
  const index = trace.findIndex(
    (event) =>
      event.t === violation.t &&
      'pid' in event &&
      event.pid !== undefined &&
      violation.pids.includes(event.pid),
  );
  return index < 0 ? null : index;
}
