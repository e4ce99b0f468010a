import type { MarkerKind } from '../src/index.js';
import { byId, el } from './dom.js';
import { COLOR, SHAPE } from './mark-style.js';
import type { RunView } from './run-view.js';

// The intervals' part of the legend is rebuilt per run: a holding bar takes the colour of its
// acquisition's fencing token, so the legend shows that run's tokens with their swatches (a
// reader otherwise takes the colours for holders, or for nothing); a run without tokens says
// its bars share one colour. The marks (23 kinds) fold into a drop-down, so that the toolbar
// stays one or two lines high in a small window.

/** The most token swatches shown; the rest are counted. */
const TOKEN_SWATCHES = 6;

/** The legend's frame, once: the intervals' part (filled per run) and the marks' drop-down. */
export function buildLegend(): void {
  const legend = byId('legend')!;
  legend.textContent = '';
  legend.appendChild(el('span', { id: 'legend-intervals', className: 'legend-intervals' }));
  const panel = el('div', { className: 'legend-panel' });
  for (const kind of Object.keys(COLOR) as MarkerKind[]) {
    const swatch = el('span', { className: `swatch shape-${SHAPE[kind]}` });
    swatch.style.background = COLOR[kind];
    panel.appendChild(el('span', { className: 'legend-item', 'data-kind': kind }, [swatch, kind]));
  }
  legend.appendChild(
    el('details', { id: 'legend-marks', className: 'legend-marks' }, [
      el('summary', { text: 'marks' }),
      panel,
    ]),
  );
}

/** The intervals' legend for the run shown. */
export function showLegend(view: RunView): void {
  const box = byId('legend-intervals')!;
  box.textContent = '';
  box.appendChild(legendItem('#d9dee6', 'waiting'));
  box.appendChild(legendItem('#f3dfc4', 'gave up'));
  box.appendChild(holdingLegend(view));
  box.appendChild(legendItem('#1f2933', 'refreshing'));
  box.appendChild(legendItem('#7b3fc4', 'paused'));
  box.appendChild(legendItem('#d00000', 'violation'));
}

function legendItem(color: string, text: string): HTMLElement {
  const swatch = el('span', { className: 'swatch' });
  swatch.style.background = color;
  return el('span', { className: 'legend-item' }, [swatch, text]);
}

/** Holding (releasing: the same colour, paler), one colour per fencing token of the run. */
function holdingLegend(view: RunView): HTMLElement {
  const tokens = view.layout.tokens;
  if (tokens.length === 0) {
    const item = legendItem(
      '#3f6fc6',
      'holding: one colour, this run has no fencing tokens (releasing: paler)',
    );
    item.classList.add('legend-holding');
    item.setAttribute('data-tokens', '0');
    return item;
  }
  const parts = [el('span', { text: 'holding: a colour per fencing token' })];
  for (const token of tokens.slice(0, TOKEN_SWATCHES)) {
    const swatch = el('span', {
      className: 'swatch',
      'data-token': token,
      title: `holding with fencing token ${token}`,
    });
    swatch.style.background = view.tokenColor[token]!;
    parts.push(el('span', { className: 'token-item' }, [swatch, `#${token}`]));
  }
  if (tokens.length > TOKEN_SWATCHES)
    parts.push(el('span', { text: `... (${tokens.length} tokens)` }));
  parts.push(el('span', { text: '(releasing: paler)' }));
  return el(
    'span',
    { className: 'legend-item legend-holding', 'data-tokens': tokens.length },
    parts,
  );
}
