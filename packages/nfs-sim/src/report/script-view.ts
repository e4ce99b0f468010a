/**
 * The report script's view of a run: lanes and widths, the lane header, the violation buttons
 * over the canvas, switching runs.
 * A fragment of the page's script (see report-script.ts): plain ES2017 text, no template
 * literals, no backslashes.
 */
export const SCRIPT_VIEW = `
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

  function selectRun(index) {
    var view = prepare(index);
    state.view = view;
    state.selected = null;
    document.querySelectorAll('.run-info').forEach(function (section) {
      section.hidden = section.getAttribute('data-run') !== String(index);
    });
    document.querySelectorAll('.run-tab').forEach(function (tab) {
      var active = tab.getAttribute('data-run') === String(index);
      tab.classList.toggle('active', active);
      tab.setAttribute('aria-pressed', String(active));
      if (active && byId('run-note')) byId('run-note').textContent = tab.getAttribute('data-note');
    });
    timeline.setAttribute('data-run', String(index));
    timeline.setAttribute('data-violations', String(view.layout.violations.length));
    showLegend(view);
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
        title: violation.checker + ': ' + roundNumbers(violation.message), text: violation.checker
      });
      button.addEventListener('click', function (event) {
        event.stopPropagation();
        focusViolation(index);
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

  function schedule() {
    if (state.drawing) return;
    state.drawing = true;
    window.requestAnimationFrame(function () { state.drawing = false; draw(); });
  }
`;
