import { clamp } from './dom.js';
import { plot, timeline } from './elements.js';
import { PAD } from './geometry.js';
import { applyScale, fitScale, maxScale, viewportHeight } from './scale.js';
import { schedule } from './schedule.js';
import { clientYOf, viewTop } from './scroll.js';
import type { Selection } from './selection.js';
import { state } from './state.js';

/**
 * Zooms to scale. The time kept where it is on the screen: the selection's while it is in
 * view, else the one under clientY (the wheel's pointer), else the one in the middle. A reader
 * who clicked a violation and zooms in or out to look around it must not lose it (zooming
 * around the middle of the view pushed it out after two steps).
 */
export function zoomTo(scale: number, clientY?: number): void {
  const view = state.view!;
  const top = viewTop();
  let anchor = clientY === undefined ? top + viewportHeight() / 2 : clientY;
  let t = selectedTime(state.selected);
  if (t !== null && clientYOf(t) >= top && clientYOf(t) <= top + viewportHeight())
    anchor = clientYOf(t);
  else t = (anchor - plot.getBoundingClientRect().top - PAD) / state.scale;
  state.scale = clamp(scale, fitScale(view), maxScale(view));
  applyScale();
  timeline.scrollTop += clientYOf(t) - anchor;
  schedule();
}

/** The time a selection stands at: a violation's or an interval's start, a marker's time. */
function selectedTime(hit: Selection | null): number | null {
  if (!hit) return null;
  if (hit.type === 'violation') return state.view!.layout.violations[hit.index]!.start;
  return hit.type === 'marker' ? hit.mark.time : hit.mark.start;
}
