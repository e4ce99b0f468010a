import type { TraceEvent } from '../src/index.js';
import { formatMs, roundNumbersIn } from '../src/report/format-time.js';
import { eventTable, facts, staleTable } from './detail-tables.js';
import { el } from './dom.js';
import { detail } from './elements.js';
import type { RunView } from './run-view.js';
import { scrollToTime } from './scroll.js';
import { select } from './select.js';
import type { Selection } from './selection.js';
import { state } from './state.js';

/** The panel on the right before anything is chosen: how to use the page. */
export function showHint(): void {
  detail.textContent = '';
  detail.setAttribute('data-kind', 'none');
  detail.appendChild(
    el('p', {
      className: 'hint',
      text: 'Click a mark on the timeline to see its trace event here; click a red violation label (or one in the list above) to zoom to it. Ctrl + wheel, the buttons or + and - zoom, around the selected mark while it is in view; the wheel scrolls. Times are in milliseconds, to a tenth.',
    }),
  );
}

/** The panel for a chosen mark: its facts and the trace events behind it. */
export function showDetail(hit: Selection): void {
  const view = state.view!;
  detail.textContent = '';
  detail.setAttribute('data-kind', hit.type);
  if (hit.type === 'violation') {
    showViolation(view, hit.index);
    return;
  }
  const lane = view.layout.lanes[hit.mark.lane]!;
  const where =
    lane.kind === 'process'
      ? `pid ${lane.pid} on client ${lane.host}`
      : lane.kind === 'host'
        ? `client ${lane.host}`
        : 'server';
  if (hit.type === 'interval') {
    const mark = hit.mark;
    const token = mark.token !== null ? `, fencing token ${mark.token}` : '';
    detail.appendChild(el('h3', { text: mark.kind + token }));
    detail.appendChild(
      facts([
        ['lane', where],
        ['from', formatMs(mark.start)],
        ['to', formatMs(mark.end)],
        ['lasted', formatMs(mark.end - mark.start)],
        ['ended', mark.outcome],
      ]),
    );
    detail.appendChild(el('h4', { text: `opened by trace event #${mark.event}` }));
    detail.appendChild(eventTable(view.events[mark.event]!));
    if (mark.endEvent !== null) {
      detail.appendChild(el('h4', { text: `closed by trace event #${mark.endEvent}` }));
      detail.appendChild(eventTable(view.events[mark.endEvent]!));
    }
    return;
  }
  const mark = hit.mark;
  detail.setAttribute('data-marker', mark.kind);
  detail.appendChild(el('h3', { text: mark.kind }));
  detail.appendChild(
    facts([
      ['lane', where],
      ['at', formatMs(mark.time)],
      ['trace event', `#${mark.event}`],
    ]),
  );
  detail.appendChild(eventTable(view.events[mark.event]!));
  if (mark.view) detail.appendChild(staleTable(mark.view));
  if (mark.related) {
    detail.appendChild(el('h4', { text: 'faults this operation met' }));
    for (const index of mark.related) detail.appendChild(relatedEntry(view, index));
  }
}

function showViolation(view: RunView, index: number): void {
  const violation = view.layout.violations[index]!;
  detail.setAttribute('data-checker', violation.checker);
  detail.appendChild(
    el('h3', { className: 'violation-title', text: `${violation.checker} violation` }),
  );
  detail.appendChild(
    el('p', { className: 'explanation', text: roundNumbersIn(violation.message) }),
  );
  detail.appendChild(
    facts([
      ['checker', violation.checker],
      ['from', formatMs(violation.start)],
      ['to', formatMs(violation.end)],
      ['pids', violation.pids.join(', ') || 'none named'],
    ]),
  );
  if (violation.event !== null) {
    detail.appendChild(el('h4', { text: `trace event #${violation.event}` }));
    detail.appendChild(eventTable(view.events[violation.event]!));
  }
}

/** A fault an operation met, as a button that scrolls to it and selects it. */
function relatedEntry(view: RunView, index: number): HTMLElement {
  // An operation's related events are the faults its process met (markers.ts lists no other).
  const fault = view.events[index] as Extract<TraceEvent, { kind: 'fault' }>;
  const about = fault.detail ? `: ${fault.detail}` : '';
  const button = el('button', {
    type: 'button',
    className: 'related',
    'data-event': index,
    text: roundNumbersIn(`#${index} ${fault.what}${about} at ${formatMs(fault.t)}`),
  });
  button.addEventListener('click', () => {
    const marker = view.markerByEvent[index];
    if (!marker) return;
    scrollToTime(marker.time);
    select({ type: 'marker', mark: marker });
  });
  return el('div', {}, [button]);
}
