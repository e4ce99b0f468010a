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
export const REPORT_SCRIPT = `(function () {
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

  function byId(id) { return document.getElementById(id); }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'text') node.textContent = props[key];
      else if (key === 'className') node.className = props[key];
      else node.setAttribute(key, String(props[key]));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function ms(t) { return (Math.round(t * 1000) / 1000).toFixed(3) + ' ms'; }

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  /** Everything about a run the drawing and hit-testing need, indexed once per selection. */
  function prepare(index) {
    var run = data.runs[index];
    var layout = run.layout;
    var laneX = [];
    var laneW = [];
    var x = AXIS;
    var processWidth = processLaneWidth(layout);
    layout.lanes.forEach(function (lane) {
      var width = lane.kind === 'process' ? processWidth : WIDTH[lane.kind];
      laneX.push(x);
      laneW.push(width);
      x += width;
    });
    var markersByLane = layout.lanes.map(function () { return []; });
    var intervalsByLane = layout.lanes.map(function () { return []; });
    var markerByEvent = {};
    layout.markers.forEach(function (marker) {
      markersByLane[marker.lane].push(marker);
      markerByEvent[marker.event] = marker;
    });
    markersByLane.forEach(function (list) { list.sort(function (a, b) { return a.time - b.time; }); });
    layout.intervals.forEach(function (interval) { intervalsByLane[interval.lane].push(interval); });
    var tokenColor = {};
    layout.tokens.forEach(function (token, i) {
      tokenColor[token] = 'hsl(' + ((i * 137.508) % 360).toFixed(1) + ', 62%, 52%)';
    });
    var hostLanes = {};
    layout.hosts.forEach(function (host) { hostLanes[host.lanes[0]] = host.lanes; });
    return {
      index: index, layout: layout, events: run.events, laneX: laneX, laneW: laneW, width: x + 8,
      markersByLane: markersByLane, intervalsByLane: intervalsByLane, markerByEvent: markerByEvent,
      tokenColor: tokenColor, hostLanes: hostLanes, endMs: Math.max(layout.endMs, 1)
    };
  }

  /** Process lanes share the width the window gives, between a readable minimum and a cap. */
  function processLaneWidth(layout) {
    var fixed = AXIS + 8;
    var processes = 0;
    layout.lanes.forEach(function (lane) {
      if (lane.kind === 'process') processes += 1; else fixed += WIDTH[lane.kind];
    });
    var room = timeline.clientWidth - fixed;
    return processes === 0 ? WIDTH.process : clamp(Math.floor(room / processes), WIDTH.process, 180);
  }

  function viewportHeight() { return Math.max(120, timeline.clientHeight - header.offsetHeight); }

  function fitScale(view) { return Math.max(1e-9, (viewportHeight() - 2 * PAD) / view.endMs); }

  function maxScale(view) { return Math.max(fitScale(view), Math.min(400, 8e6 / view.endMs)); }

  function selectRun(index) {
    var view = prepare(index);
    state.view = view;
    state.selected = null;
    document.querySelectorAll('.run-info').forEach(function (section) {
      section.hidden = section.getAttribute('data-run') !== String(index);
    });
    document.querySelectorAll('.run-tab').forEach(function (tab) {
      tab.classList.toggle('active', tab.getAttribute('data-run') === String(index));
    });
    timeline.setAttribute('data-run', String(index));
    timeline.setAttribute('data-violations', String(view.layout.violations.length));
    buildHeader(view);
    plot.style.width = view.width + 'px';
    header.style.width = view.width + 'px';
    buildOverlays(view);
    state.scale = fitScale(view);
    applyScale();
    timeline.scrollTop = 0;
    showHint();
    schedule();
  }

  function buildHeader(view) {
    header.textContent = '';
    header.appendChild(el('div', { className: 'axis-label', text: 'time' }));
    view.layout.hosts.forEach(function (host) {
      var first = host.lanes[0];
      var last = host.lanes[host.lanes.length - 1];
      var group = el('div', { className: 'host-label', 'data-host': host.name, text: host.name });
      group.style.left = view.laneX[first] + 'px';
      group.style.width = (view.laneX[last] + view.laneW[last] - view.laneX[first]) + 'px';
      header.appendChild(group);
    });
    view.layout.lanes.forEach(function (lane) {
      var props = { className: 'lane-label lane-' + lane.kind, 'data-lane': lane.index, 'data-lane-kind': lane.kind, title: laneTitle(lane), text: lane.kind === 'process' ? lane.label : lane.kind === 'host' ? 'host' : 'srv' };
      if (lane.pid !== null) props['data-pid'] = lane.pid;
      if (lane.host !== null) props['data-host'] = lane.host;
      var label = el('div', props);
      label.style.left = view.laneX[lane.index] + 'px';
      label.style.width = view.laneW[lane.index] + 'px';
      header.appendChild(label);
    });
  }

  function laneTitle(lane) {
    if (lane.kind === 'process') return 'pid ' + lane.pid + ' on client ' + lane.host;
    if (lane.kind === 'host') return 'client ' + lane.host + ': clock steps, duplicate request cache';
    return 'server: restarts, end of run';
  }

  function buildOverlays(view) {
    overlays.textContent = '';
    view.layout.violations.forEach(function (violation, index) {
      var button = el('button', {
        type: 'button', className: 'violation', 'data-checker': violation.checker,
        'data-violation': index, 'data-pids': violation.pids.join(' '),
        title: violation.checker + ': ' + violation.message, text: violation.checker
      });
      button.addEventListener('click', function (event) {
        event.stopPropagation();
        select({ type: 'violation', index: index });
      });
      overlays.appendChild(button);
    });
  }

  /** Each label at its violation's start; labels that would cover each other move right. */
  function placeOverlays() {
    var view = state.view;
    var buttons = overlays.children;
    var placed = [];
    view.layout.violations.forEach(function (violation, index) {
      var lanes = violation.lanes;
      var left = Math.min.apply(null, lanes.map(function (l) { return view.laneX[l]; })) + 2;
      var button = buttons[index];
      var top = PAD + violation.start * state.scale - 9;
      var width = button.offsetWidth || 60;
      var moved = true;
      while (moved) {
        moved = false;
        for (var i = 0; i < placed.length; i += 1) {
          var other = placed[i];
          if (Math.abs(other.top - top) < 19 && left < other.left + other.width + 2 && other.left < left + width + 2) {
            left = other.left + other.width + 3;
            moved = true;
          }
        }
      }
      placed.push({ top: top, left: left, width: width });
      button.style.top = top + 'px';
      button.style.left = left + 'px';
    });
  }

  function applyScale() {
    var view = state.view;
    plot.style.height = Math.ceil(view.endMs * state.scale + 2 * PAD) + 'px';
    var height = Math.min(viewportHeight(), plot.offsetHeight);
    canvas.style.height = height + 'px';
    canvas.style.width = view.width + 'px';
    canvas.style.top = header.offsetHeight + 'px';
    var zoom = byId('zoom-level');
    var perSecond = state.scale * 1000;
    if (zoom) zoom.textContent = (perSecond >= 10 ? Math.round(perSecond).toLocaleString('en') : perSecond.toPrecision(2)) + ' px/s';
    placeOverlays();
  }

  /** Zooms to scale, keeping the time under clientY (default: the middle of the view) in place. */
  function zoomTo(scale, clientY) {
    var view = state.view;
    var top = timeline.getBoundingClientRect().top + header.offsetHeight;
    var anchor = clientY === undefined ? top + viewportHeight() / 2 : clientY;
    var t = (anchor - plot.getBoundingClientRect().top - PAD) / state.scale;
    state.scale = clamp(scale, fitScale(view), maxScale(view));
    applyScale();
    var now = plot.getBoundingClientRect().top + PAD + t * state.scale;
    timeline.scrollTop += now - anchor;
    schedule();
  }

  function scrollToTime(t) {
    var top = timeline.getBoundingClientRect().top + header.offsetHeight;
    var at = plot.getBoundingClientRect().top + PAD + t * state.scale;
    timeline.scrollTop += at - (top + viewportHeight() / 3);
    schedule();
  }

  function schedule() {
    if (state.drawing) return;
    state.drawing = true;
    window.requestAnimationFrame(function () { state.drawing = false; draw(); });
  }

  function draw() {
    var view = state.view;
    if (!view) return;
    var ratio = window.devicePixelRatio || 1;
    var width = view.width;
    var height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var offset = canvas.getBoundingClientRect().top - plot.getBoundingClientRect().top;
    var scale = state.scale;
    var frame = {
      view: view, height: height, scale: scale,
      t0: (offset - PAD) / scale - HIT_PX / scale, t1: (offset + height - PAD) / scale + HIT_PX / scale,
      y: function (t) { return PAD + t * scale - offset; }
    };
    drawLanes(frame);
    drawGrid(frame);
    drawIntervals(frame);
    drawMarkers(frame);
    drawViolations(frame);
    drawSelection(frame);
  }

  function drawLanes(f) {
    var view = f.view;
    view.layout.lanes.forEach(function (lane) {
      ctx.fillStyle = lane.kind === 'process' ? (lane.index % 2 ? '#fbfcfd' : '#f4f6f8') : '#eceff3';
      ctx.fillRect(view.laneX[lane.index], 0, view.laneW[lane.index], f.height);
    });
    ctx.fillStyle = '#c5ccd5';
    view.layout.hosts.forEach(function (host) {
      ctx.fillRect(view.laneX[host.lanes[0]] - 1, 0, 2, f.height);
    });
    var endY = f.y(view.layout.endMs);
    if (endY < f.height) {
      ctx.fillStyle = 'rgba(0,0,0,0.04)';
      ctx.fillRect(AXIS, endY, view.width - AXIS, f.height - endY);
    }
  }

  /** Time lines every 1, 2 or 5 times a power of ten, at least 70 px apart. */
  function drawGrid(f) {
    var raw = 70 / f.scale;
    var power = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (s) { return s >= raw; })[0];
    var decimals = Math.max(0, -Math.floor(Math.log(step) / Math.LN10));
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (var t = Math.max(0, Math.floor(f.t0 / step) * step); t <= f.t1; t += step) {
      var y = Math.round(f.y(t)) + 0.5;
      ctx.fillStyle = '#dde2e8';
      ctx.fillRect(AXIS, y, f.view.width - AXIS, 1);
      ctx.fillStyle = '#4b5563';
      var label = step >= 1000 ? (t / 1000).toFixed(Math.max(0, decimals - 3)) + ' s' : t.toFixed(decimals) + ' ms';
      ctx.fillText(label, AXIS - 6, y);
    }
  }

  function drawIntervals(f) {
    var view = f.view;
    view.intervalsByLane.forEach(function (list, lane) {
      var x = view.laneX[lane];
      var w = view.laneW[lane];
      list.forEach(function (interval) {
        if (interval.end < f.t0 || interval.start > f.t1) return;
        var top = f.y(interval.start);
        var h = Math.max(interval.kind === 'refreshing' ? 3 : 2, (interval.end - interval.start) * f.scale);
        var color = interval.token === null ? '#3f6fc6' : view.tokenColor[interval.token];
        if (interval.kind === 'waiting') {
          ctx.fillStyle = interval.outcome === 'acquired' ? '#d9dee6' : '#f3dfc4';
          ctx.fillRect(x + 14, top, w - 30, h);
        } else if (interval.kind === 'holding') {
          ctx.fillStyle = color;
          ctx.fillRect(x + 12, top, w - 26, h);
          if (interval.token !== null && h >= 14) {
            ctx.fillStyle = '#ffffff';
            ctx.textAlign = 'center';
            ctx.fillText('#' + interval.token, x + w / 2 - 1, top + Math.min(h / 2, 9));
          }
        } else if (interval.kind === 'releasing') {
          ctx.globalAlpha = 0.35;
          ctx.fillStyle = color;
          ctx.fillRect(x + 12, top, w - 26, h);
          ctx.globalAlpha = 1;
        } else if (interval.kind === 'refreshing') {
          ctx.fillStyle = '#1f2933';
          ctx.fillRect(x + w - 12, top, 6, h);
        } else if (interval.kind === 'paused') {
          ctx.fillStyle = 'rgba(123, 63, 196, 0.10)';
          ctx.fillRect(x + 2, top, w - 4, h);
          ctx.strokeStyle = '#7b3fc4';
          ctx.setLineDash([4, 3]);
          ctx.strokeRect(x + 2.5, top, w - 5, h);
          ctx.setLineDash([]);
        }
      });
    });
  }

  /** First index in a time-sorted list with time >= t. */
  function lowerBound(list, t) {
    var low = 0;
    var high = list.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (list[mid].time < t) low = mid + 1; else high = mid;
    }
    return low;
  }

  function drawMarkers(f) {
    var view = f.view;
    view.markersByLane.forEach(function (list, lane) {
      var x = view.laneX[lane];
      var w = view.laneW[lane];
      var lastY = {};
      for (var i = lowerBound(list, f.t0); i < list.length && list[i].time <= f.t1; i += 1) {
        var marker = list[i];
        var y = Math.round(f.y(marker.time));
        // Zoomed out, thousands of operations share a pixel row: draw each kind once per row.
        if (lastY[marker.kind] === y) continue;
        lastY[marker.kind] = y;
        if (WIDE[marker.kind]) drawWide(f, marker, lane, y);
        drawShape(SHAPE[marker.kind], COLOR[marker.kind], marker.kind === 'op' || marker.kind === 'op-error' ? x + 2 : x + w / 2, y, w);
      }
    });
  }

  /** A host-wide or server-wide event also crosses the lanes it affects. */
  function drawWide(f, marker, lane, y) {
    var view = f.view;
    var lanes = view.hostLanes[lane] || (lane === 0 ? view.layout.lanes.map(function (l) { return l.index; }) : [lane]);
    var first = lanes[0];
    var last = lanes[lanes.length - 1];
    ctx.strokeStyle = COLOR[marker.kind];
    ctx.globalAlpha = 0.3;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(view.laneX[first], y + 0.5);
    ctx.lineTo(view.laneX[last] + view.laneW[last], y + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  function drawShape(shape, color, x, y, laneWidth) {
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    if (shape === 'tick') {
      ctx.fillRect(x, y, color === COLOR.op ? 8 : 10, color === COLOR.op ? 1 : 2);
      return;
    }
    if (shape === 'triangle') {
      ctx.moveTo(x, y - 5); ctx.lineTo(x + 5, y + 4); ctx.lineTo(x - 5, y + 4); ctx.closePath(); ctx.fill();
    } else if (shape === 'diamond') {
      ctx.moveTo(x, y - 5); ctx.lineTo(x + 5, y); ctx.lineTo(x, y + 5); ctx.lineTo(x - 5, y); ctx.closePath(); ctx.fill();
    } else if (shape === 'square') {
      ctx.fillRect(x - 4, y - 4, 8, 8);
    } else if (shape === 'circle') {
      ctx.arc(x, y, 4, 0, Math.PI * 2); ctx.fill();
    } else if (shape === 'dot') {
      ctx.arc(x, y, 3, 0, Math.PI * 2); ctx.fill();
    } else if (shape === 'cross') {
      ctx.lineWidth = 2;
      ctx.moveTo(x - 5, y - 5); ctx.lineTo(x + 5, y + 5); ctx.moveTo(x + 5, y - 5); ctx.lineTo(x - 5, y + 5); ctx.stroke();
    } else if (shape === 'bar') {
      ctx.fillRect(x - laneWidth / 2 + 6, y - 1, laneWidth - 12, 2);
    }
    ctx.lineWidth = 1;
  }

  function drawViolations(f) {
    var view = f.view;
    view.layout.violations.forEach(function (violation, index) {
      if (violation.end < f.t0 || violation.start > f.t1) return;
      var top = f.y(violation.start);
      var h = Math.max(4, (violation.end - violation.start) * f.scale);
      var chosen = state.selected && state.selected.type === 'violation' && state.selected.index === index;
      ctx.fillStyle = chosen ? 'rgba(220, 0, 0, 0.32)' : 'rgba(220, 0, 0, 0.2)';
      ctx.strokeStyle = '#d00000';
      ctx.lineWidth = chosen ? 2.5 : 1.5;
      var lefts = violation.lanes.map(function (l) { return view.laneX[l]; });
      var rights = violation.lanes.map(function (l) { return view.laneX[l] + view.laneW[l]; });
      violation.lanes.forEach(function (l) {
        ctx.fillRect(view.laneX[l] + 1, top, view.laneW[l] - 2, h);
        ctx.strokeRect(view.laneX[l] + 1.5, top, view.laneW[l] - 3, h);
      });
      ctx.beginPath();
      ctx.moveTo(Math.min.apply(null, lefts), top);
      ctx.lineTo(Math.max.apply(null, rights), top);
      ctx.stroke();
      ctx.lineWidth = 1;
    });
  }

  function drawSelection(f) {
    var hit = state.selected;
    if (!hit || hit.type === 'violation') return;
    var view = f.view;
    var mark = hit.mark;
    var x = view.laneX[mark.lane];
    var w = view.laneW[mark.lane];
    ctx.strokeStyle = '#0b63f6';
    ctx.lineWidth = 2;
    if (hit.type === 'marker') {
      ctx.strokeRect(x + 1, f.y(mark.time) - 7, w - 2, 14);
    } else {
      var top = f.y(mark.start);
      ctx.strokeRect(x + 1, top - 1, w - 2, Math.max(4, (mark.end - mark.start) * f.scale) + 2);
    }
    ctx.lineWidth = 1;
  }

  /** What is under a point of the plot: a marker, else a violation band, else an interval. */
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

  function summary(hit) {
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
    detail.appendChild(el('p', { className: 'hint', text: 'Click a mark on the timeline or a red violation label to see its trace event here. Ctrl + wheel (or the buttons) zooms; the wheel scrolls.' }));
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
    detail.appendChild(el('p', { className: 'explanation', text: violation.message }));
    detail.appendChild(facts([['checker', violation.checker], ['from', ms(violation.start)], ['to', ms(violation.end)], ['pids', violation.pids.join(', ') || 'none named']]));
    if (violation.event !== null) {
      detail.appendChild(el('h4', { text: 'trace event #' + violation.event }));
      detail.appendChild(eventTable(view.events[violation.event]));
    }
  }

  function facts(rows) {
    return el('dl', { className: 'facts' }, rows.reduce(function (all, row) {
      return all.concat([el('dt', { text: row[0] }), el('dd', { text: String(row[1]) })]);
    }, []));
  }

  function eventTable(event) {
    var rows = Object.keys(event).map(function (key) {
      var value = event[key];
      var text = key === 't' ? ms(value) : typeof value === 'string' ? value : JSON.stringify(value);
      return el('tr', {}, [el('th', { text: key }), el('td', { text: text })]);
    });
    return el('table', { className: 'event' }, [el('tbody', {}, rows)]);
  }

  function staleTable(stale) {
    var rows = stale.fields.map(function (field) {
      return el('tr', {}, [el('th', { text: field.name }), el('td', { text: field.client }), el('td', { text: field.server })]);
    });
    return el('table', { className: 'stale' }, [
      el('caption', { text: stale.path }),
      el('thead', {}, [el('tr', {}, [el('th', { text: '' }), el('th', { text: 'client view' }), el('th', { text: 'server truth' })])]),
      el('tbody', {}, rows)
    ]);
  }

  function relatedEntry(view, index) {
    var event = view.events[index];
    var button = el('button', { type: 'button', className: 'related', 'data-event': index, text: '#' + index + ' ' + event.what + (event.detail ? ': ' + event.detail : '') + ' at ' + ms(event.t) });
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
    item.addEventListener('click', function () {
      var index = Number(item.getAttribute('data-violation'));
      var violation = state.view.layout.violations[index];
      scrollToTime(violation.start);
      select({ type: 'violation', index: index });
    });
  });
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = button.getAttribute('data-copy');
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { button.textContent = 'copied'; }, function () {});
    });
  });
  buildLegend();
  if (data.runs.length > 0) selectRun(0);

  function buildLegend() {
    var legend = byId('legend');
    var swatches = [['waiting', '#d9dee6'], ['gave up', '#f3dfc4'], ['holding', '#3f6fc6'], ['refreshing', '#1f2933'], ['paused', '#7b3fc4'], ['violation', '#d00000']];
    swatches.forEach(function (pair) {
      var swatch = el('span', { className: 'swatch' });
      swatch.style.background = pair[1];
      legend.appendChild(el('span', { className: 'legend-item' }, [swatch, pair[0]]));
    });
    Object.keys(COLOR).forEach(function (kind) {
      var swatch = el('span', { className: 'swatch shape-' + SHAPE[kind] });
      swatch.style.background = COLOR[kind];
      legend.appendChild(el('span', { className: 'legend-item', 'data-kind': kind }, [swatch, kind]));
    });
  }
})();
`;
