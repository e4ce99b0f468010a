import { formatMs, roundNumbersIn } from '../src/report/format-time.js';
import type { Selection } from './selection.js';
import { state } from './state.js';

/** The tooltip's one line for what is under the pointer, its numbers rounded like the page's. */
export function tooltipText(hit: Selection): string {
  return roundNumbersIn(summaryText(hit));
}

function summaryText(hit: Selection): string {
  const view = state.view!;
  if (hit.type === 'violation') {
    const violation = view.layout.violations[hit.index]!;
    return `${violation.checker} violation: ${violation.message}`;
  }
  const lane = view.layout.lanes[hit.mark.lane]!;
  const where = lane.kind === 'process' ? `pid ${lane.pid}` : lane.label;
  if (hit.type === 'interval') {
    const mark = hit.mark;
    const token = mark.token !== null ? ` (token ${mark.token})` : '';
    return `${mark.kind}${token}, ${where}, ${formatMs(mark.start)} to ${formatMs(mark.end)}: ${mark.outcome}`;
  }
  const event = view.events[hit.mark.event]!;
  if (event.kind === 'op')
    return `${event.op} ${event.path} -> ${event.result}, ${where}, ${formatMs(event.t)}`;
  if (event.kind === 'fault') {
    const detail = event.detail ? ` (${event.detail})` : '';
    return `${event.what}${detail}, ${where}, ${formatMs(event.t)}`;
  }
  return `${hit.mark.kind}, ${where}, ${formatMs(event.t)}`;
}
