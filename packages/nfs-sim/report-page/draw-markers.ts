import type { Marker, MarkerKind } from '../src/index.js';
import type { Frame } from './draw.js';
import { ctx } from './elements.js';
import { lowerBound } from './lower-bound.js';
import { COLOR, SHAPE, type Shape, WIDE } from './mark-style.js';

/** The point events in view: operations as ticks at the lane's left, the rest as shapes. */
export function drawMarkers(f: Frame): void {
  const view = f.view;
  view.markersByLane.forEach((list, lane) => {
    const x = view.laneX[lane]!;
    const w = view.laneW[lane]!;
    const lastY: Partial<Record<MarkerKind, number>> = {};
    for (let i = lowerBound(list, f.t0); i < list.length && list[i]!.time <= f.t1; i += 1) {
      const marker = list[i]!;
      const y = Math.round(f.y(marker.time));
      // Zoomed out, thousands of operations share a pixel row: draw each kind once per row.
      if (lastY[marker.kind] === y) continue;
      lastY[marker.kind] = y;
      if (WIDE[marker.kind]) drawWide(f, marker, lane, y);
      const op = marker.kind === 'op' || marker.kind === 'op-error';
      drawShape(SHAPE[marker.kind], COLOR[marker.kind], op ? x + 2 : x + w / 2, y, w);
    }
  });
}

/** A host-wide or server-wide event also crosses the lanes it affects. */
function drawWide(f: Frame, marker: Marker, lane: number, y: number): void {
  const view = f.view;
  const lanes =
    view.hostLanes[lane] || (lane === 0 ? view.layout.lanes.map((l) => l.index) : [lane]);
  const first = lanes[0]!;
  const last = lanes[lanes.length - 1]!;
  ctx.strokeStyle = COLOR[marker.kind];
  ctx.globalAlpha = 0.3;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(view.laneX[first]!, y + 0.5);
  ctx.lineTo(view.laneX[last]! + view.laneW[last]!, y + 0.5);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

function drawShape(shape: Shape, color: string, x: number, y: number, laneWidth: number): void {
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (shape === 'tick') {
    ctx.fillRect(x, y, color === COLOR.op ? 8 : 10, color === COLOR.op ? 1 : 2);
    return;
  }
  if (shape === 'triangle') {
    ctx.moveTo(x, y - 5);
    ctx.lineTo(x + 5, y + 4);
    ctx.lineTo(x - 5, y + 4);
    ctx.closePath();
    ctx.fill();
  } else if (shape === 'diamond') {
    ctx.moveTo(x, y - 5);
    ctx.lineTo(x + 5, y);
    ctx.lineTo(x, y + 5);
    ctx.lineTo(x - 5, y);
    ctx.closePath();
    ctx.fill();
  } else if (shape === 'square') {
    ctx.fillRect(x - 4, y - 4, 8, 8);
  } else if (shape === 'circle') {
    ctx.arc(x, y, 4, 0, Math.PI * 2);
    ctx.fill();
  } else if (shape === 'dot') {
    ctx.arc(x, y, 3, 0, Math.PI * 2);
    ctx.fill();
  } else if (shape === 'cross') {
    ctx.lineWidth = 2;
    ctx.moveTo(x - 5, y - 5);
    ctx.lineTo(x + 5, y + 5);
    ctx.moveTo(x + 5, y - 5);
    ctx.lineTo(x - 5, y + 5);
    ctx.stroke();
  } else if (shape === 'bar') {
    ctx.fillRect(x - laneWidth / 2 + 6, y - 1, laneWidth - 12, 2);
  }
  ctx.lineWidth = 1;
}
