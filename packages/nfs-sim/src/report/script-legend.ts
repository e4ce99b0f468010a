/**
 * The report script's legend. The intervals' part is rebuilt per run: a holding bar takes the
 * colour of its acquisition's fencing token, so the legend shows that run's tokens with their
 * swatches (a reader otherwise takes the colours for holders, or for nothing); a run without
 * tokens says its bars share one colour. The marks (23 kinds) fold into a drop-down, so that
 * the toolbar stays one or two lines high in a small window.
 * A fragment of the page's script (see report-script.ts): plain ES2017 text, no template
 * literals, no backslashes.
 */
export const SCRIPT_LEGEND = `
  var TOKEN_SWATCHES = 6;

  function buildLegend() {
    var legend = byId('legend');
    legend.textContent = '';
    legend.appendChild(el('span', { id: 'legend-intervals', className: 'legend-intervals' }));
    var panel = el('div', { className: 'legend-panel' });
    Object.keys(COLOR).forEach(function (kind) {
      var swatch = el('span', { className: 'swatch shape-' + SHAPE[kind] });
      swatch.style.background = COLOR[kind];
      panel.appendChild(el('span', { className: 'legend-item', 'data-kind': kind }, [swatch, kind]));
    });
    legend.appendChild(el('details', { id: 'legend-marks', className: 'legend-marks' }, [el('summary', { text: 'marks' }), panel]));
  }

  function showLegend(view) {
    var box = byId('legend-intervals');
    box.textContent = '';
    box.appendChild(legendItem('#d9dee6', 'waiting'));
    box.appendChild(legendItem('#f3dfc4', 'gave up'));
    box.appendChild(holdingLegend(view));
    box.appendChild(legendItem('#1f2933', 'refreshing'));
    box.appendChild(legendItem('#7b3fc4', 'paused'));
    box.appendChild(legendItem('#d00000', 'violation'));
  }

  function legendItem(color, text) {
    var swatch = el('span', { className: 'swatch' });
    swatch.style.background = color;
    return el('span', { className: 'legend-item' }, [swatch, text]);
  }

  /** Holding (releasing: the same colour, paler), one colour per fencing token of the run. */
  function holdingLegend(view) {
    var tokens = view.layout.tokens;
    if (tokens.length === 0) {
      var item = legendItem('#3f6fc6', 'holding: one colour, this run has no fencing tokens (releasing: paler)');
      item.classList.add('legend-holding');
      item.setAttribute('data-tokens', '0');
      return item;
    }
    var parts = [el('span', { text: 'holding: a colour per fencing token' })];
    tokens.slice(0, TOKEN_SWATCHES).forEach(function (token) {
      var swatch = el('span', { className: 'swatch', 'data-token': token, title: 'holding with fencing token ' + token });
      swatch.style.background = view.tokenColor[token];
      parts.push(el('span', { className: 'token-item' }, [swatch, '#' + token]));
    });
    if (tokens.length > TOKEN_SWATCHES) parts.push(el('span', { text: '... (' + tokens.length + ' tokens)' }));
    parts.push(el('span', { text: '(releasing: paler)' }));
    return el('span', { className: 'legend-item legend-holding', 'data-tokens': tokens.length }, parts);
  }
`;
