import type { TraceEvent } from '../trace/trace-event.js';
import type { LaneTable } from './lanes.js';
import type { Marker, MarkerKind } from './layout-types.js';
import { staleView } from './stale-view.js';

/**
 * The point events of a run, one marker per trace event that is not already the edge of an
 * interval: every file operation, every fault (on the process it hit, else on its client's
 * host lane, else on the server lane), crashes, pauses, losses reported to the holder, warn and
 * error log lines, failed lock calls and releases, exits and the end of the run. An operation
 * also lists the faults its process met since its previous operation: the stale cache or lost
 * reply behind that answer.
 */
export function markersOf(
  trace: readonly TraceEvent[],
  order: readonly number[],
  lanes: LaneTable,
): Marker[] {
  const markers: Marker[] = [];
  const pending = new Map<number, number[]>();
  for (const index of order) {
    const event = trace[index]!;
    const kind = markerKind(event);
    if (kind === null) continue;
    const marker: Marker = { kind, time: event.t, lane: laneOf(event, lanes), event: index };
    if (event.kind === 'fault') {
      const view = staleView(event.what, event.detail);
      if (view !== null) marker.view = view;
      if (event.pid !== undefined)
        pending.set(event.pid, [...(pending.get(event.pid) ?? []), index]);
    }
    if (event.kind === 'op') {
      const related = pending.get(event.pid);
      if (related !== undefined) marker.related = related;
      pending.delete(event.pid);
    }
    markers.push(marker);
  }
  return markers;
}

function markerKind(event: TraceEvent): MarkerKind | null {
  switch (event.kind) {
    case 'op':
      return event.result === 'ok' ? 'op' : 'op-error';
    case 'fault':
      return event.what;
    case 'log':
      return event.level === 'error' ? 'log-error' : 'log-warn';
    case 'release':
      return event.result === 'ok' ? null : 'release-error';
    case 'crash':
    case 'pause':
    case 'compromised':
    case 'acquire-failed':
    case 'exit':
    case 'end':
      return event.kind;
    default:
      return null;
  }
}

function laneOf(event: TraceEvent, lanes: LaneTable): number {
  if ('pid' in event && event.pid !== undefined) {
    const lane = lanes.byPid.get(event.pid);
    if (lane !== undefined) return lane;
  }
  if ('client' in event && event.client !== undefined) {
    const lane = lanes.byHost.get(event.client);
    if (lane !== undefined) return lane;
  }
  return lanes.serverLane;
}
