/**
 * The report page's script (render-report.ts writes the page; bundle.mjs bundles these modules
 * into its one inline script). It reads the runs from the JSON data block, draws the selected
 * run on a canvas only for the rows in view, places one `<button class="violation">` per
 * violation over the canvas, and answers hover and click on every other mark by hit-testing
 * the lane and time under the pointer.
 */
import { data } from './data.js';
import { byId, clamp } from './dom.js';
import { canvas, header, plot, timeline, tooltip } from './elements.js';
import { focusViolation } from './focus-violation.js';
import { buildHeader } from './lane-header.js';
import { buildLegend } from './legend.js';
import { onClick, onMove, onWheel } from './pointer.js';
import { prepare } from './run-view.js';
import { applyScale, fitScale, maxScale } from './scale.js';
import { schedule } from './schedule.js';
import { selectRun } from './select-run.js';
import { state } from './state.js';
import { zoomTo } from './zoom.js';

canvas.addEventListener('mousemove', onMove);
canvas.addEventListener('mouseleave', () => {
  tooltip.hidden = true;
});
canvas.addEventListener('click', onClick);
timeline.addEventListener('wheel', onWheel, { passive: false });
timeline.addEventListener('scroll', schedule);
window.addEventListener('resize', () => {
  if (!state.view) return;
  const scale = state.scale;
  state.view = prepare(state.view.index);
  buildHeader(state.view);
  plot.style.width = `${state.view.width}px`;
  header.style.width = `${state.view.width}px`;
  state.scale = clamp(scale, fitScale(state.view), maxScale(state.view));
  applyScale();
  schedule();
});
byId('zoom-in')!.addEventListener('click', () => zoomTo(state.scale * 2));
byId('zoom-out')!.addEventListener('click', () => zoomTo(state.scale / 2));
byId('zoom-fit')!.addEventListener('click', () => {
  zoomTo(0);
  timeline.scrollTop = 0;
});
document.addEventListener('keydown', (event) => {
  if (event.target instanceof Element && /INPUT|TEXTAREA/.test(event.target.tagName)) return;
  if (event.key === '+' || event.key === '=') zoomTo(state.scale * 2);
  else if (event.key === '-') zoomTo(state.scale / 2);
});
document.querySelectorAll('.run-tab').forEach((tab) => {
  tab.addEventListener('click', () => selectRun(Number(tab.getAttribute('data-run'))));
});
document.querySelectorAll('.violation-item').forEach((item) => {
  item.addEventListener('click', () => focusViolation(Number(item.getAttribute('data-violation'))));
});
document.querySelectorAll('button.copy').forEach((button) => {
  button.addEventListener('click', () => {
    const text = button.getAttribute('data-copy') ?? '';
    if (navigator.clipboard)
      navigator.clipboard.writeText(text).then(
        () => {
          button.textContent = 'copied';
        },
        () => {},
      );
  });
});
buildLegend();
// The first run with a violation (render-report.ts chose it), not simply the first.
if (data.runs.length > 0) selectRun(data.initial);
