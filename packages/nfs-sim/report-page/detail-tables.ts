import type { StaleView, TraceEvent } from '../src/index.js';
import { formatMs, roundNumbersIn } from '../src/report/format-time.js';
import { el } from './dom.js';

/** Name and value pairs, the values' numbers rounded. */
export function facts(rows: [string, string][]): HTMLElement {
  return el(
    'dl',
    { className: 'facts' },
    rows.flatMap(([name, value]) => [
      el('dt', { text: name }),
      el('dd', { text: roundNumbersIn(value) }),
    ]),
  );
}

/** A trace event's fields; its times (t, a pause's ms, a wait's timeoutMs) as times. */
export function eventTable(event: TraceEvent): HTMLElement {
  const rows = Object.entries(event).map(([key, value]: [string, unknown]) => {
    const time = typeof value === 'number' && (key === 't' || key === 'ms' || key === 'timeoutMs');
    const text = time
      ? formatMs(value)
      : roundNumbersIn(typeof value === 'string' ? value : JSON.stringify(value));
    return el('tr', {}, [el('th', { text: key }), el('td', { text })]);
  });
  return el('table', { className: 'event' }, [el('tbody', {}, rows)]);
}

/** A staleness fault's fields: what the client saw against what the server held. */
export function staleTable(stale: StaleView): HTMLElement {
  const rows = stale.fields.map((field) =>
    el('tr', {}, [
      el('th', { text: field.name }),
      el('td', { text: roundNumbersIn(field.client) }),
      el('td', { text: roundNumbersIn(field.server) }),
    ]),
  );
  return el('table', { className: 'stale' }, [
    el('caption', { text: stale.path }),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: '' }),
        el('th', { text: 'client view' }),
        el('th', { text: 'server truth' }),
      ]),
    ]),
    el('tbody', {}, rows),
  ]);
}
