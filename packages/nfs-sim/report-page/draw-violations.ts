import type { Frame } from './draw.js';
import { ctx } from './elements.js';
import { state } from './state.js';

/** Each violation as a red band over its lanes from its start to its end, the chosen one darker. */
export function drawViolations(f: Frame): void {
  const view = f.view;
  view.layout.violations.forEach((violation, index) => {
    if (violation.end < f.t0 || violation.start > f.t1) return;
    const top = f.y(violation.start);
    const h = Math.max(4, (violation.end - violation.start) * f.scale);
    const chosen = state.selected?.type === 'violation' && state.selected.index === index;
    ctx.fillStyle = chosen ? 'rgba(220, 0, 0, 0.32)' : 'rgba(220, 0, 0, 0.2)';
    ctx.strokeStyle = '#d00000';
    ctx.lineWidth = chosen ? 2.5 : 1.5;
    const lefts = violation.lanes.map((l) => view.laneX[l]!);
    const rights = violation.lanes.map((l) => view.laneX[l]! + view.laneW[l]!);
    for (const l of violation.lanes) {
      ctx.fillRect(view.laneX[l]! + 1, top, view.laneW[l]! - 2, h);
      ctx.strokeRect(view.laneX[l]! + 1.5, top, view.laneW[l]! - 3, h);
    }
    ctx.beginPath();
    ctx.moveTo(Math.min(...lefts), top);
    ctx.lineTo(Math.max(...rights), top);
    ctx.stroke();
    ctx.lineWidth = 1;
  });
}

/** A blue box around the selected marker or interval (a violation shows as drawn darker). */
export function drawSelection(f: Frame): void {
  const hit = state.selected;
  if (!hit || hit.type === 'violation') return;
  const view = f.view;
  const mark = hit.mark;
  const x = view.laneX[mark.lane]!;
  const w = view.laneW[mark.lane]!;
  ctx.strokeStyle = '#0b63f6';
  ctx.lineWidth = 2;
  if (hit.type === 'marker') {
    ctx.strokeRect(x + 1, f.y(hit.mark.time) - 7, w - 2, 14);
  } else {
    const top = f.y(hit.mark.start);
    ctx.strokeRect(
      x + 1,
      top - 1,
      w - 2,
      Math.max(4, (hit.mark.end - hit.mark.start) * f.scale) + 2,
    );
  }
  ctx.lineWidth = 1;
}
