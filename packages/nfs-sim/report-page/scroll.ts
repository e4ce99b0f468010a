import { header, plot, timeline } from './elements.js';
import { PAD } from './geometry.js';
import { viewportHeight } from './scale.js';
import { schedule } from './schedule.js';
import { state } from './state.js';

/** Where the plot's visible rows begin on the screen (under the sticky lane header). */
export function viewTop(): number {
  return timeline.getBoundingClientRect().top + header.offsetHeight;
}

/** Where time t is on the screen, at the current scale and scroll. */
export function clientYOf(t: number): number {
  return plot.getBoundingClientRect().top + PAD + t * state.scale;
}

/** Scrolls time t to a third of the way down the view. */
export function scrollToTime(t: number): void {
  timeline.scrollTop += clientYOf(t) - (viewTop() + viewportHeight() / 3);
  schedule();
}
