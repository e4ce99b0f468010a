import { clamp } from './dom.js';
import { timeline } from './elements.js';
import { AXIS } from './geometry.js';
import { applyScale, fitScale, maxScale, viewportHeight } from './scale.js';
import { scrollToTime } from './scroll.js';
import { select } from './select.js';
import { state } from './state.js';

/**
 * Selects a violation and shows it whole: zoomed so that its span fills a quarter of the view
 * (an instant gets a two-hundredth of the run around it), its start a third of the way down,
 * its lanes scrolled into view when the lanes are wider than the window.
 */
export function focusViolation(index: number): void {
  const view = state.view!;
  const violation = view.layout.violations[index]!;
  const span = Math.max(violation.end - violation.start, view.endMs / 200, 0.5);
  select({ type: 'violation', index });
  state.scale = clamp(viewportHeight() / 4 / span, fitScale(view), maxScale(view));
  applyScale();
  scrollToTime(violation.start);
  revealLanes(violation.lanes);
}

function revealLanes(lanes: number[]): void {
  const view = state.view!;
  const left = Math.min(...lanes.map((l) => view.laneX[l]!));
  const right = Math.max(...lanes.map((l) => view.laneX[l]! + view.laneW[l]!));
  if (left >= timeline.scrollLeft && right <= timeline.scrollLeft + timeline.clientWidth) return;
  // The time axis too when it fits; else the violation's right edge; else its left one.
  const scroll = Math.max(left - AXIS, right - timeline.clientWidth);
  timeline.scrollLeft = Math.max(0, Math.min(scroll, left));
}
