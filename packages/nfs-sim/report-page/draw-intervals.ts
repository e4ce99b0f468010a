import type { Frame } from './draw.js';
import { ctx } from './elements.js';

/**
 * What each process was doing: waiting (grey; sand when it gave up), holding (its fencing
 * token's colour, `#n` on a tall enough bar), releasing (the same, paler), refreshing (a dark
 * strip at the lane's right), paused (a dashed purple box).
 */
export function drawIntervals(f: Frame): void {
  const view = f.view;
  view.intervalsByLane.forEach((list, lane) => {
    const x = view.laneX[lane]!;
    const w = view.laneW[lane]!;
    for (const interval of list) {
      if (interval.end < f.t0 || interval.start > f.t1) continue;
      const top = f.y(interval.start);
      const h = Math.max(
        interval.kind === 'refreshing' ? 3 : 2,
        (interval.end - interval.start) * f.scale,
      );
      const color = interval.token === null ? '#3f6fc6' : view.tokenColor[interval.token]!;
      if (interval.kind === 'waiting') {
        ctx.fillStyle = interval.outcome === 'acquired' ? '#d9dee6' : '#f3dfc4';
        ctx.fillRect(x + 14, top, w - 30, h);
      } else if (interval.kind === 'holding') {
        ctx.fillStyle = color;
        ctx.fillRect(x + 12, top, w - 26, h);
        if (interval.token !== null && h >= 14) {
          ctx.fillStyle = '#ffffff';
          ctx.textAlign = 'center';
          ctx.fillText(`#${interval.token}`, x + w / 2 - 1, top + Math.min(h / 2, 9));
        }
      } else if (interval.kind === 'releasing') {
        ctx.globalAlpha = 0.35;
        ctx.fillStyle = color;
        ctx.fillRect(x + 12, top, w - 26, h);
        ctx.globalAlpha = 1;
      } else if (interval.kind === 'refreshing') {
        ctx.fillStyle = '#1f2933';
        ctx.fillRect(x + w - 12, top, 6, h);
      } else if (interval.kind === 'paused') {
        ctx.fillStyle = 'rgba(123, 63, 196, 0.10)';
        ctx.fillRect(x + 2, top, w - 4, h);
        ctx.strokeStyle = '#7b3fc4';
        ctx.setLineDash([4, 3]);
        ctx.strokeRect(x + 2.5, top, w - 5, h);
        ctx.setLineDash([]);
      }
    }
  });
}
