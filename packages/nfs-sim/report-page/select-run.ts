import { showHint } from './detail.js';
import { byId } from './dom.js';
import { header, plot, timeline } from './elements.js';
import { buildHeader } from './lane-header.js';
import { showLegend } from './legend.js';
import { buildOverlays } from './overlays.js';
import { prepare } from './run-view.js';
import { applyScale, fitScale } from './scale.js';
import { schedule } from './schedule.js';
import { state } from './state.js';

/** Shows run `index`: its header, tab, legend, lanes and violations, the whole run in view. */
export function selectRun(index: number): void {
  const view = prepare(index);
  state.view = view;
  state.selected = null;
  document.querySelectorAll<HTMLElement>('.run-info').forEach((section) => {
    section.hidden = section.getAttribute('data-run') !== String(index);
  });
  document.querySelectorAll('.run-tab').forEach((tab) => {
    const active = tab.getAttribute('data-run') === String(index);
    tab.classList.toggle('active', active);
    tab.setAttribute('aria-pressed', String(active));
    const note = byId('run-note');
    if (active && note) note.textContent = tab.getAttribute('data-note');
  });
  timeline.setAttribute('data-run', String(index));
  timeline.setAttribute('data-violations', String(view.layout.violations.length));
  showLegend(view);
  buildHeader(view);
  plot.style.width = `${view.width}px`;
  header.style.width = `${view.width}px`;
  buildOverlays(view);
  state.scale = fitScale(view);
  applyScale();
  timeline.scrollTop = 0;
  showHint();
  schedule();
}
