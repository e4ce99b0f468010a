import { drawIntervals } from './draw-intervals.js';
import { drawGrid, drawLanes } from './draw-lanes.js';
import { drawMarkers } from './draw-markers.js';
import { drawSelection, drawViolations } from './draw-violations.js';
import { canvas, ctx, plot } from './elements.js';
import { HIT_PX, PAD } from './geometry.js';
import type { RunView } from './run-view.js';
import { state } from './state.js';

/** One drawing of the rows in view: the times they show and where a time is on the canvas. */
export interface Frame {
  view: RunView;
  height: number;
  scale: number;
  /** The times at the canvas' top and bottom edges, widened by the hit distance. */
  t0: number;
  t1: number;
  y: (t: number) => number;
}

/**
 * Draws the rows in view only (the canvas is the viewport's height and stays under the sticky
 * header): a 16-process, 10,000-event run draws as fast as a small one.
 */
export function draw(): void {
  const view = state.view;
  if (!view) return;
  const ratio = window.devicePixelRatio || 1;
  const width = view.width;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const offset = canvas.getBoundingClientRect().top - plot.getBoundingClientRect().top;
  const scale = state.scale;
  const frame: Frame = {
    view,
    height,
    scale,
    t0: (offset - PAD) / scale - HIT_PX / scale,
    t1: (offset + height - PAD) / scale + HIT_PX / scale,
    y: (t) => PAD + t * scale - offset,
  };
  drawLanes(frame);
  drawGrid(frame);
  drawIntervals(frame);
  drawMarkers(frame);
  drawViolations(frame);
  drawSelection(frame);
}
