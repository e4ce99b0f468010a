import type { Interval, Marker } from '../src/index.js';
import { plot } from './elements.js';
import { HIT_PX, PAD } from './geometry.js';
import { lowerBound } from './lower-bound.js';
import type { Hit } from './selection.js';
import { state } from './state.js';

/** Where intervals overlap on a lane, the one a click means, first first. */
const INTERVAL_PRIORITY = ['refreshing', 'holding', 'releasing', 'waiting', 'paused'];

/** What is under a point of the plot: a marker, else a violation band, else an interval. */
export function hitTest(clientX: number, clientY: number): Hit | null {
  const view = state.view;
  if (!view) return null;
  const rect = plot.getBoundingClientRect();
  const px = clientX - rect.left;
  const t = (clientY - rect.top - PAD) / state.scale;
  let lane = -1;
  view.laneX.forEach((x, i) => {
    if (px >= x && px < x + view.laneW[i]!) lane = i;
  });
  if (lane < 0) return { type: 'none', t };
  const tolerance = HIT_PX / state.scale;
  const marker = nearestMarker(view.markersByLane[lane]!, t, tolerance);
  if (marker) return { type: 'marker', mark: marker, t };
  const violations = view.layout.violations;
  for (let v = 0; v < violations.length; v += 1) {
    const violation = violations[v]!;
    if (
      violation.lanes.indexOf(lane) >= 0 &&
      t >= violation.start - tolerance &&
      t <= Math.max(violation.end, violation.start + 4 / state.scale)
    ) {
      return { type: 'violation', index: v, t };
    }
  }
  let found: Interval | null = null;
  for (const interval of view.intervalsByLane[lane]!) {
    const end = Math.max(interval.end, interval.start + 3 / state.scale);
    if (t < interval.start - tolerance / 2 || t > end + tolerance / 2) continue;
    if (!found || INTERVAL_PRIORITY.indexOf(interval.kind) < INTERVAL_PRIORITY.indexOf(found.kind))
      found = interval;
  }
  return found ? { type: 'interval', mark: found, t } : { type: 'none', t };
}

/** The closest marker within tolerance; a fault beats an operation a few pixels nearer. */
function nearestMarker(list: Marker[], t: number, tolerance: number): Marker | null {
  let best: Marker | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = lowerBound(list, t - tolerance); i < list.length; i += 1) {
    const marker = list[i]!;
    if (marker.time > t + tolerance) break;
    const isOp = marker.kind === 'op' || marker.kind === 'op-error';
    const score = Math.abs(marker.time - t) + (isOp ? tolerance / 2 : 0);
    if (score < bestScore) {
      best = marker;
      bestScore = score;
    }
  }
  return best;
}
