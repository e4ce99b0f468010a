/**
 * The report script's answers to the pointer: hit-testing a lane and time, the tooltip, the detail panel of a mark or a violation.
 * A fragment of the page's script (see report-script.ts): plain ES2017 text, no template
 * literals, no backslashes.
 */
export const SCRIPT_INTERACTION = `
  function hitTest(clientX, clientY) {
    var view = state.view;
    if (!view) return null;
    var rect = plot.getBoundingClientRect();
    var px = clientX - rect.left;
    var t = (clientY - rect.top - PAD) / state.scale;
    var lane = -1;
    view.laneX.forEach(function (x, i) { if (px >= x && px < x + view.laneW[i]) lane = i; });
    if (lane < 0) return { type: 'none', t: t };
    var tolerance = HIT_PX / state.scale;
    var marker = nearestMarker(view.markersByLane[lane], t, tolerance);
    if (marker) return { type: 'marker', mark: marker, t: t };
    for (var v = 0; v < view.layout.violations.length; v += 1) {
      var violation = view.layout.violations[v];
      if (violation.lanes.indexOf(lane) >= 0 && t >= violation.start - tolerance && t <= Math.max(violation.end, violation.start + 4 / state.scale)) {
        return { type: 'violation', index: v, t: t };
      }
    }
    var found = null;
    view.intervalsByLane[lane].forEach(function (interval) {
      var end = Math.max(interval.end, interval.start + 3 / state.scale);
      if (t < interval.start - tolerance / 2 || t > end + tolerance / 2) return;
      if (!found || INTERVAL_PRIORITY.indexOf(interval.kind) < INTERVAL_PRIORITY.indexOf(found.kind)) found = interval;
    });
    return found ? { type: 'interval', mark: found, t: t } : { type: 'none', t: t };
  }

  /** The closest marker within tolerance; a fault beats an operation a few pixels nearer. */
  function nearestMarker(list, t, tolerance) {
    var best = null;
    var bestScore = Infinity;
    for (var i = lowerBound(list, t - tolerance); i < list.length && list[i].time <= t + tolerance; i += 1) {
      var isOp = list[i].kind === 'op' || list[i].kind === 'op-error';
      var score = Math.abs(list[i].time - t) + (isOp ? tolerance / 2 : 0);
      if (score < bestScore) { best = list[i]; bestScore = score; }
    }
    return best;
  }

  /** The tooltip's one line, its numbers rounded like the rest of the page. */
  function summary(hit) { return roundNumbers(summaryText(hit)); }

  function summaryText(hit) {
    var view = state.view;
    if (hit.type === 'violation') {
      var violation = view.layout.violations[hit.index];
      return violation.checker + ' violation: ' + violation.message;
    }
    var mark = hit.mark;
    var lane = view.layout.lanes[mark.lane];
    var where = lane.kind === 'process' ? 'pid ' + lane.pid : lane.label;
    if (hit.type === 'interval') {
      return mark.kind + (mark.token !== null ? ' (token ' + mark.token + ')' : '') + ', ' + where + ', ' + ms(mark.start) + ' to ' + ms(mark.end) + ': ' + mark.outcome;
    }
    var event = view.events[mark.event];
    if (event.kind === 'op') return event.op + ' ' + event.path + ' -> ' + event.result + ', ' + where + ', ' + ms(event.t);
    if (event.kind === 'fault') return event.what + (event.detail ? ' (' + event.detail + ')' : '') + ', ' + where + ', ' + ms(event.t);
    return mark.kind + ', ' + where + ', ' + ms(event.t);
  }

  function select(hit) {
    state.selected = hit;
    showDetail(hit);
    schedule();
  }

  function showHint() {
    detail.textContent = '';
    detail.setAttribute('data-kind', 'none');
    detail.appendChild(el('p', { className: 'hint', text: 'Click a mark on the timeline to see its trace event here; click a red violation label (or one in the list above) to zoom to it. Ctrl + wheel, the buttons or + and - zoom, around the selected mark while it is in view; the wheel scrolls. Times are in milliseconds, to a tenth.' }));
  }

  function showDetail(hit) {
    var view = state.view;
    detail.textContent = '';
    detail.setAttribute('data-kind', hit.type);
    if (hit.type === 'violation') return showViolation(view, hit.index);
    var mark = hit.mark;
    var lane = view.layout.lanes[mark.lane];
    var where = lane.kind === 'process' ? 'pid ' + lane.pid + ' on client ' + lane.host : lane.kind === 'host' ? 'client ' + lane.host : 'server';
    if (hit.type === 'interval') {
      detail.appendChild(el('h3', { text: mark.kind + (mark.token !== null ? ', fencing token ' + mark.token : '') }));
      detail.appendChild(facts([['lane', where], ['from', ms(mark.start)], ['to', ms(mark.end)], ['lasted', ms(mark.end - mark.start)], ['ended', mark.outcome]]));
      detail.appendChild(el('h4', { text: 'opened by trace event #' + mark.event }));
      detail.appendChild(eventTable(view.events[mark.event]));
      if (mark.endEvent !== null) {
        detail.appendChild(el('h4', { text: 'closed by trace event #' + mark.endEvent }));
        detail.appendChild(eventTable(view.events[mark.endEvent]));
      }
      return;
    }
    detail.setAttribute('data-marker', mark.kind);
    detail.appendChild(el('h3', { text: mark.kind }));
    detail.appendChild(facts([['lane', where], ['at', ms(mark.time)], ['trace event', '#' + mark.event]]));
    detail.appendChild(eventTable(view.events[mark.event]));
    if (mark.view) detail.appendChild(staleTable(mark.view));
    if (mark.related) {
      detail.appendChild(el('h4', { text: 'faults this operation met' }));
      mark.related.forEach(function (index) { detail.appendChild(relatedEntry(view, index)); });
    }
  }

  function showViolation(view, index) {
    var violation = view.layout.violations[index];
    detail.setAttribute('data-checker', violation.checker);
    detail.appendChild(el('h3', { className: 'violation-title', text: violation.checker + ' violation' }));
    detail.appendChild(el('p', { className: 'explanation', text: roundNumbers(violation.message) }));
    detail.appendChild(facts([['checker', violation.checker], ['from', ms(violation.start)], ['to', ms(violation.end)], ['pids', violation.pids.join(', ') || 'none named']]));
    if (violation.event !== null) {
      detail.appendChild(el('h4', { text: 'trace event #' + violation.event }));
      detail.appendChild(eventTable(view.events[violation.event]));
    }
  }

  function facts(rows) {
    return el('dl', { className: 'facts' }, rows.reduce(function (all, row) {
      return all.concat([el('dt', { text: row[0] }), el('dd', { text: roundNumbers(row[1]) })]);
    }, []));
  }

  /** A trace event's fields; its times (t, a pause's ms, a wait's timeoutMs) as times. */
  function eventTable(event) {
    var rows = Object.keys(event).map(function (key) {
      var value = event[key];
      var time = typeof value === 'number' && (key === 't' || key === 'ms' || key === 'timeoutMs');
      var text = time ? ms(value) : roundNumbers(typeof value === 'string' ? value : JSON.stringify(value));
      return el('tr', {}, [el('th', { text: key }), el('td', { text: text })]);
    });
    return el('table', { className: 'event' }, [el('tbody', {}, rows)]);
  }

  function staleTable(stale) {
    var rows = stale.fields.map(function (field) {
      return el('tr', {}, [el('th', { text: field.name }), el('td', { text: roundNumbers(field.client) }), el('td', { text: roundNumbers(field.server) })]);
    });
    return el('table', { className: 'stale' }, [
      el('caption', { text: stale.path }),
      el('thead', {}, [el('tr', {}, [el('th', { text: '' }), el('th', { text: 'client view' }), el('th', { text: 'server truth' })])]),
      el('tbody', {}, rows)
    ]);
  }

  function relatedEntry(view, index) {
    var event = view.events[index];
    var button = el('button', { type: 'button', className: 'related', 'data-event': index, text: roundNumbers('#' + index + ' ' + event.what + (event.detail ? ': ' + event.detail : '') + ' at ' + ms(event.t)) });
    button.addEventListener('click', function () {
      var marker = view.markerByEvent[index];
      if (!marker) return;
      scrollToTime(marker.time);
      select({ type: 'marker', mark: marker });
    });
    return el('div', {}, [button]);
  }

  function onMove(event) {
    var hit = hitTest(event.clientX, event.clientY);
    if (!hit) return;
    readout.textContent = hit.t >= 0 ? ms(hit.t) : '';
    if (hit.type === 'none') { tooltip.hidden = true; canvas.style.cursor = 'default'; return; }
    canvas.style.cursor = 'pointer';
    tooltip.textContent = summary(hit);
    tooltip.hidden = false;
    tooltip.style.left = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8) + 'px';
    tooltip.style.top = Math.min(event.clientY + 14, window.innerHeight - tooltip.offsetHeight - 8) + 'px';
  }

  function onClick(event) {
    var hit = hitTest(event.clientX, event.clientY);
    if (hit && hit.type !== 'none') select(hit);
  }

  function onWheel(event) {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    zoomTo(state.scale * Math.exp(-event.deltaY * 0.002), event.clientY);
  }
`;
