/**
 * The report page's one script, as text (it runs in the browser, not here: the page needs no
 * module, no build and no network). Plain ES2017 without template literals or backslashes, so
 * that it sits in this template literal as written, and without the character pair that would
 * end its `<script>` element (render-report.test.ts checks all three).
 *
 * It reads the runs from the JSON data block, draws the selected run on a canvas only for the
 * rows in view (a 16-process, 10,000-event run draws as fast as a small one), places one
 * `<button class="violation">` per violation over the canvas, and answers hover and click on
 * every other mark by hit-testing the lane and time under the pointer.
 */
import { SCRIPT_DRAW } from './script-draw.js';
import { SCRIPT_FORMAT } from './script-format.js';
import { SCRIPT_INTERACTION } from './script-interaction.js';
import { SCRIPT_LEGEND } from './script-legend.js';
import { SCRIPT_VIEW } from './script-view.js';
import { SCRIPT_ZOOM } from './script-zoom.js';

/** The script's constants and state, shared by the fragments (one closure). */
const SCRIPT_STATE = `
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var PAD = 16;
  var AXIS = 70;
  var WIDTH = { server: 28, host: 28, process: 78 };
  var HIT_PX = 6;
  var COLOR = {
    'op': '#9aa3ad', 'op-error': '#e07a10',
    'lost-request': '#e4572e', 'lost-reply': '#e4572e', 'long-tail': '#2a9d8f',
    'drc-replay': '#5a8f29', 'drc-miss': '#a4161a', 'soft-timeout': '#d62828',
    'stale-attributes': '#d4a20a', 'stale-lookup': '#d4a20a', 'estale': '#8d5524',
    'silly-rename': '#bc6c25', 'clock-step': '#1d70b8', 'server-restart': '#111111',
    'crash': '#111111', 'pause': '#7b3fc4', 'compromised': '#c2185b',
    'log-warn': '#e9a100', 'log-error': '#d00000', 'acquire-failed': '#e07a10',
    'release-error': '#c2185b', 'exit': '#555555', 'end': '#555555'
  };
  var SHAPE = {
    'op': 'tick', 'op-error': 'tick', 'lost-request': 'triangle', 'lost-reply': 'triangle',
    'long-tail': 'circle', 'drc-replay': 'diamond', 'drc-miss': 'diamond', 'soft-timeout': 'square',
    'stale-attributes': 'diamond', 'stale-lookup': 'diamond', 'estale': 'circle',
    'silly-rename': 'circle', 'clock-step': 'diamond', 'server-restart': 'square', 'crash': 'cross',
    'pause': 'triangle', 'compromised': 'circle', 'log-warn': 'dot', 'log-error': 'dot',
    'acquire-failed': 'cross', 'release-error': 'square', 'exit': 'bar', 'end': 'bar'
  };
  var WIDE = { 'clock-step': 1, 'drc-miss': 1, 'drc-replay': 1, 'server-restart': 1, 'end': 1 };
  var INTERVAL_PRIORITY = ['refreshing', 'holding', 'releasing', 'waiting', 'paused'];

  var timeline = byId('timeline');
  var header = byId('lane-header');
  var plot = byId('plot');
  var canvas = byId('canvas');
  var overlays = byId('overlays');
  var detail = byId('detail');
  var tooltip = byId('tooltip');
  var readout = byId('cursor-time');
  var ctx = canvas.getContext('2d');
  var state = { view: null, scale: 1, selected: null, drawing: false };
`;

export const REPORT_SCRIPT = `(function () {${SCRIPT_STATE}${SCRIPT_FORMAT}${SCRIPT_VIEW}${SCRIPT_ZOOM}${SCRIPT_LEGEND}${SCRIPT_DRAW}${SCRIPT_INTERACTION}
  canvas.addEventListener('mousemove', onMove);
  canvas.addEventListener('mouseleave', function () { tooltip.hidden = true; });
  canvas.addEventListener('click', onClick);
  timeline.addEventListener('wheel', onWheel, { passive: false });
  timeline.addEventListener('scroll', schedule);
  window.addEventListener('resize', function () {
    if (!state.view) return;
    var scale = state.scale;
    state.view = prepare(state.view.index);
    buildHeader(state.view);
    plot.style.width = state.view.width + 'px';
    header.style.width = state.view.width + 'px';
    state.scale = clamp(scale, fitScale(state.view), maxScale(state.view));
    applyScale();
    schedule();
  });
  byId('zoom-in').addEventListener('click', function () { zoomTo(state.scale * 2); });
  byId('zoom-out').addEventListener('click', function () { zoomTo(state.scale / 2); });
  byId('zoom-fit').addEventListener('click', function () { zoomTo(0); timeline.scrollTop = 0; });
  document.addEventListener('keydown', function (event) {
    if (event.target && /INPUT|TEXTAREA/.test(event.target.tagName)) return;
    if (event.key === '+' || event.key === '=') zoomTo(state.scale * 2);
    else if (event.key === '-') zoomTo(state.scale / 2);
  });
  document.querySelectorAll('.run-tab').forEach(function (tab) {
    tab.addEventListener('click', function () { selectRun(Number(tab.getAttribute('data-run'))); });
  });
  document.querySelectorAll('.violation-item').forEach(function (item) {
    item.addEventListener('click', function () { focusViolation(Number(item.getAttribute('data-violation'))); });
  });
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-copy');
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { button.textContent = 'copied'; }, function () {});
    });
  });
  buildLegend();
  // The first run with a violation (render-report.ts chose it), not simply the first.
  if (data.runs.length > 0) selectRun(data.initial);
})();
`;
