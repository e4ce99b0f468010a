import type { Interval, Marker, RunLayout, TraceEvent } from '../src/index.js';
import { data } from './data.js';
import { clamp } from './dom.js';
import { timeline } from './elements.js';
import { AXIS, WIDTH } from './geometry.js';

/** Everything about a run the drawing and hit-testing need, indexed once per selection. */
export interface RunView {
  index: number;
  layout: RunLayout;
  events: TraceEvent[];
  /** Each lane's left edge and width, in pixels. */
  laneX: number[];
  laneW: number[];
  /** The lanes' width with the axis. */
  width: number;
  /** Each lane's markers, by time. */
  markersByLane: Marker[][];
  intervalsByLane: Interval[][];
  markerByEvent: Record<number, Marker>;
  tokenColor: Record<number, string>;
  /** A host lane's index: the lanes of its host. */
  hostLanes: Record<number, number[]>;
  /** The run's end, at least 1 ms (a scale divides by it). */
  endMs: number;
}

export function prepare(index: number): RunView {
  const run = data.runs[index]!;
  const layout = run.layout;
  const laneX: number[] = [];
  const laneW: number[] = [];
  let x = AXIS;
  const processWidth = processLaneWidth(layout);
  for (const lane of layout.lanes) {
    const width = lane.kind === 'process' ? processWidth : WIDTH[lane.kind];
    laneX.push(x);
    laneW.push(width);
    x += width;
  }
  const markersByLane = layout.lanes.map((): Marker[] => []);
  const intervalsByLane = layout.lanes.map((): Interval[] => []);
  const markerByEvent: Record<number, Marker> = {};
  for (const marker of layout.markers) {
    markersByLane[marker.lane]!.push(marker);
    markerByEvent[marker.event] = marker;
  }
  for (const list of markersByLane) list.sort((a, b) => a.time - b.time);
  for (const interval of layout.intervals) intervalsByLane[interval.lane]!.push(interval);
  const tokenColor: Record<number, string> = {};
  layout.tokens.forEach((token, i) => {
    tokenColor[token] = `hsl(${((i * 137.508) % 360).toFixed(1)}, 62%, 52%)`;
  });
  const hostLanes: Record<number, number[]> = {};
  for (const host of layout.hosts) hostLanes[host.lanes[0]!] = host.lanes;
  return {
    index,
    layout,
    events: run.events,
    laneX,
    laneW,
    width: x + 8,
    markersByLane,
    intervalsByLane,
    markerByEvent,
    tokenColor,
    hostLanes,
    endMs: Math.max(layout.endMs, 1),
  };
}

/** Process lanes share the width the window gives, between a readable minimum and a cap. */
function processLaneWidth(layout: RunLayout): number {
  let fixed = AXIS + 8;
  let processes = 0;
  for (const lane of layout.lanes) {
    if (lane.kind === 'process') processes += 1;
    else fixed += WIDTH[lane.kind];
  }
  const room = timeline.clientWidth - fixed;
  return processes === 0 ? WIDTH.process : clamp(Math.floor(room / processes), WIDTH.process, 180);
}
