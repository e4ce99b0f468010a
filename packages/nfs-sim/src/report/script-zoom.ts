/**
 * The report script's scales, zooming and scrolling. Zooming keeps the selected mark in place
 * while it is in view: a reader who clicked a violation and zooms in or out to look around it
 * must not lose it (zooming around the middle of the view pushed it out after two steps).
 * A fragment of the page's script (see report-script.ts): plain ES2017 text, no template
 * literals, no backslashes.
 */
export const SCRIPT_ZOOM = `
  function viewportHeight() { return Math.max(120, timeline.clientHeight - header.offsetHeight); }

  function fitScale(view) { return Math.max(1e-9, (viewportHeight() - 2 * PAD) / view.endMs); }

  function maxScale(view) { return Math.max(fitScale(view), Math.min(400, 8e6 / view.endMs)); }

  /** Where the plot's visible rows begin on the screen (under the sticky lane header). */
  function viewTop() { return timeline.getBoundingClientRect().top + header.offsetHeight; }

  /** Where time t is on the screen, at the current scale and scroll. */
  function clientYOf(t) { return plot.getBoundingClientRect().top + PAD + t * state.scale; }

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

  /** The time a selection stands at: a violation's or an interval's start, a marker's time. */
  function selectedTime(hit) {
    if (!hit || hit.type === 'none') return null;
    if (hit.type === 'violation') return state.view.layout.violations[hit.index].start;
    return hit.type === 'marker' ? hit.mark.time : hit.mark.start;
  }

  /**
   * Zooms to scale. The time kept where it is on the screen: the selection's while it is in
   * view, else the one under clientY (the wheel's pointer), else the one in the middle.
   */
  function zoomTo(scale, clientY) {
    var view = state.view;
    var top = viewTop();
    var anchor = clientY === undefined ? top + viewportHeight() / 2 : clientY;
    var t = selectedTime(state.selected);
    if (t !== null && clientYOf(t) >= top && clientYOf(t) <= top + viewportHeight()) anchor = clientYOf(t);
    else t = (anchor - plot.getBoundingClientRect().top - PAD) / state.scale;
    state.scale = clamp(scale, fitScale(view), maxScale(view));
    applyScale();
    timeline.scrollTop += clientYOf(t) - anchor;
    schedule();
  }

  /** Scrolls time t to a third of the way down the view. */
  function scrollToTime(t) {
    timeline.scrollTop += clientYOf(t) - (viewTop() + viewportHeight() / 3);
    schedule();
  }

  /**
   * Selects a violation and shows it whole: zoomed so that its span fills a quarter of the view
   * (an instant gets a two-hundredth of the run around it), its start a third of the way down,
   * its lanes scrolled into view when the lanes are wider than the window.
   */
  function focusViolation(index) {
    var view = state.view;
    var violation = view.layout.violations[index];
    var span = Math.max(violation.end - violation.start, view.endMs / 200, 0.5);
    select({ type: 'violation', index: index });
    state.scale = clamp(viewportHeight() / 4 / span, fitScale(view), maxScale(view));
    applyScale();
    scrollToTime(violation.start);
    revealLanes(violation.lanes);
  }

  function revealLanes(lanes) {
    var view = state.view;
    var left = Math.min.apply(null, lanes.map(function (l) { return view.laneX[l]; }));
    var right = Math.max.apply(null, lanes.map(function (l) { return view.laneX[l] + view.laneW[l]; }));
    if (left >= timeline.scrollLeft && right <= timeline.scrollLeft + timeline.clientWidth) return;
    // The time axis too when it fits; else the violation's right edge; else its left one.
    var scroll = Math.max(left - AXIS, right - timeline.clientWidth);
    timeline.scrollLeft = Math.max(0, Math.min(scroll, left));
  }
`;
