import { formatMs } from '../src/report/format-time.js';
import { canvas, readout, tooltip } from './elements.js';
import { hitTest } from './hit-test.js';
import { select } from './select.js';
import { state } from './state.js';
import { tooltipText } from './tooltip-text.js';
import { zoomTo } from './zoom.js';

/** Hover: the time under the pointer in the toolbar, and what is there in a tooltip. */
export function onMove(event: MouseEvent): void {
  const hit = hitTest(event.clientX, event.clientY);
  if (!hit) return;
  readout.textContent = hit.t >= 0 ? formatMs(hit.t) : '';
  if (hit.type === 'none') {
    tooltip.hidden = true;
    canvas.style.cursor = 'default';
    return;
  }
  canvas.style.cursor = 'pointer';
  tooltip.textContent = tooltipText(hit);
  tooltip.hidden = false;
  tooltip.style.left = `${Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8)}px`;
  tooltip.style.top = `${Math.min(event.clientY + 14, window.innerHeight - tooltip.offsetHeight - 8)}px`;
}

export function onClick(event: MouseEvent): void {
  const hit = hitTest(event.clientX, event.clientY);
  if (hit && hit.type !== 'none') select(hit);
}

/** Ctrl (or Cmd) + wheel zooms around the pointer; the plain wheel scrolls. */
export function onWheel(event: WheelEvent): void {
  if (!event.ctrlKey && !event.metaKey) return;
  event.preventDefault();
  zoomTo(state.scale * Math.exp(-event.deltaY * 0.002), event.clientY);
}
