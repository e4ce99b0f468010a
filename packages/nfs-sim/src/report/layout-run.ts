import type { SimulationResult } from '../simulate.js';
import { inTimeOrder, runEndMs, timeOrder } from '../trace/time-order.js';
import { lifeIntervals } from './intervals.js';
import { laneTable } from './lanes.js';
import type { RunLayout } from './layout-types.js';
import { markersOf } from './markers.js';
import { refreshIntervals } from './refreshing.js';
import { replayCommand } from './replay-command.js';
import { violationMarks } from './violation-marks.js';

/** A refresh runs every third of the lifetime; operations closer than half that are one refresh. */
const REFRESH_GAP_SHARE = 1 / 6;

/**
 * Turns a run into what its timeline draws: lanes grouped by host, the intervals of each
 * process (waiting, holding with its token, refreshing, releasing, paused), point markers
 * (operations, faults, crashes, ...), and the checkers' violations with their spans. Pure: it
 * reads the result's trace and options only, and the same result gives the same layout.
 */
export function layoutRun(result: SimulationResult): RunLayout {
  const { trace, options } = result;
  const order = timeOrder(trace);
  const endMs = Math.max(runEndMs(trace), result.stats.simulatedMs);
  const lanes = laneTable(options, trace);
  const laneOf = (pid: number) => lanes.byPid.get(pid) ?? lanes.serverLane;
  const life = lifeIntervals(inTimeOrder(trace), { order, laneOf, endMs });
  const holdings = life.filter((interval) => interval.kind === 'holding');
  const refreshes = refreshIntervals(
    trace,
    order,
    holdings,
    options.lifetimeMs * REFRESH_GAP_SHARE,
  );
  const intervals = [...life, ...refreshes].sort((a, b) => a.start - b.start || a.event - b.event);
  const replay = replayCommand(result);
  return {
    seed: result.seed,
    profile: result.profile,
    algorithm: result.algorithm,
    replay: replay.command,
    replayNote: replay.note,
    options,
    finished: result.finished,
    traceHash: result.traceHash,
    stats: result.stats,
    endMs,
    hosts: lanes.hosts,
    lanes: lanes.lanes,
    intervals,
    markers: markersOf(trace, order, lanes),
    violations: violationMarks(result.violations, intervals, trace, lanes),
    tokens: [...new Set(holdings.flatMap((h) => (h.token === null ? [] : [h.token])))].sort(
      (a, b) => a - b,
    ),
  };
}
