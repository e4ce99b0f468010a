/**
 * The report script's drawing of the rows in view on the canvas: lanes, grid, intervals, markers, violations, the selection.
 * A fragment of the page's script (see report-script.ts): plain ES2017 text, no template
 * literals, no backslashes.
 */
export const SCRIPT_DRAW = `
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
`;
