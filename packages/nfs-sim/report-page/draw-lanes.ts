import type { Frame } from './draw.js';
import { ctx } from './elements.js';
import { AXIS } from './geometry.js';

/** The lanes' background, a line between hosts, and the time after the run's end greyed. */
export function drawLanes(f: Frame): void {
  const view = f.view;
  for (const lane of view.layout.lanes) {
    ctx.fillStyle = lane.kind === 'process' ? (lane.index % 2 ? '#fbfcfd' : '#f4f6f8') : '#eceff3';
    ctx.fillRect(view.laneX[lane.index]!, 0, view.laneW[lane.index]!, f.height);
  }
  ctx.fillStyle = '#c5ccd5';
  for (const host of view.layout.hosts) {
    ctx.fillRect(view.laneX[host.lanes[0]!]! - 1, 0, 2, f.height);
  }
  const endY = f.y(view.layout.endMs);
  if (endY < f.height) {
    ctx.fillStyle = 'rgba(0,0,0,0.04)';
    ctx.fillRect(AXIS, endY, view.width - AXIS, f.height - endY);
  }
}

/** Time lines every 1, 2 or 5 times a power of ten, at least 70 px apart. */
export function drawGrid(f: Frame): void {
  const raw = 70 / f.scale;
  const power = 10 ** Math.floor(Math.log(raw) / Math.LN10);
  const step = [1, 2, 5, 10].map((m) => m * power).filter((s) => s >= raw)[0]!;
  const decimals = Math.max(0, -Math.floor(Math.log(step) / Math.LN10));
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (let t = Math.max(0, Math.floor(f.t0 / step) * step); t <= f.t1; t += step) {
    const y = Math.round(f.y(t)) + 0.5;
    ctx.fillStyle = '#dde2e8';
    ctx.fillRect(AXIS, y, f.view.width - AXIS, 1);
    ctx.fillStyle = '#4b5563';
    const label =
      step >= 1000
        ? `${(t / 1000).toFixed(Math.max(0, decimals - 3))} s`
        : `${t.toFixed(decimals)} ms`;
    ctx.fillText(label, AXIS - 6, y);
  }
}
