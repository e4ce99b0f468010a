import { byId } from './dom.js';
import { canvas, header, plot, timeline } from './elements.js';
import { PAD } from './geometry.js';
import { placeOverlays } from './overlays.js';
import type { RunView } from './run-view.js';
import { state } from './state.js';

/** The height of the plot's visible rows (under the sticky lane header). */
export function viewportHeight(): number {
  return Math.max(120, timeline.clientHeight - header.offsetHeight);
}

/** The scale (pixels per millisecond) that shows the whole run. */
export function fitScale(view: RunView): number {
  return Math.max(1e-9, (viewportHeight() - 2 * PAD) / view.endMs);
}

export function maxScale(view: RunView): number {
  return Math.max(fitScale(view), Math.min(400, 8e6 / view.endMs));
}

/** Sizes the plot, the canvas and the zoom readout to the current scale; moves the labels. */
export function applyScale(): void {
  const view = state.view!;
  plot.style.height = `${Math.ceil(view.endMs * state.scale + 2 * PAD)}px`;
  const height = Math.min(viewportHeight(), plot.offsetHeight);
  canvas.style.height = `${height}px`;
  canvas.style.width = `${view.width}px`;
  canvas.style.top = `${header.offsetHeight}px`;
  const zoom = byId('zoom-level');
  const perSecond = state.scale * 1000;
  if (zoom)
    zoom.textContent = `${perSecond >= 10 ? Math.round(perSecond).toLocaleString('en') : perSecond.toPrecision(2)} px/s`;
  placeOverlays();
}
