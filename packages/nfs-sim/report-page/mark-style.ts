import type { MarkerKind } from '../src/index.js';

/** How a mark is drawn (draw-markers.ts) and shown in the legend (legend.ts). */
export type Shape = 'tick' | 'triangle' | 'circle' | 'diamond' | 'square' | 'cross' | 'dot' | 'bar';

/** Each kind of mark's colour, in the legend's order; a kind the layout adds must get one. */
export const COLOR: Record<MarkerKind, string> = {
  op: '#9aa3ad',
  'op-error': '#e07a10',
  'lost-request': '#e4572e',
  'lost-reply': '#e4572e',
  'long-tail': '#2a9d8f',
  'drc-replay': '#5a8f29',
  'drc-miss': '#a4161a',
  'soft-timeout': '#d62828',
  'stale-attributes': '#d4a20a',
  'stale-lookup': '#d4a20a',
  'stale-listing': '#b8860b',
  estale: '#8d5524',
  'silly-rename': '#bc6c25',
  'clock-step': '#1d70b8',
  'server-restart': '#111111',
  crash: '#111111',
  pause: '#7b3fc4',
  compromised: '#c2185b',
  'log-warn': '#e9a100',
  'log-error': '#d00000',
  'acquire-failed': '#e07a10',
  'release-error': '#c2185b',
  exit: '#555555',
  end: '#555555',
};

export const SHAPE: Record<MarkerKind, Shape> = {
  op: 'tick',
  'op-error': 'tick',
  'lost-request': 'triangle',
  'lost-reply': 'triangle',
  'long-tail': 'circle',
  'drc-replay': 'diamond',
  'drc-miss': 'diamond',
  'soft-timeout': 'square',
  'stale-attributes': 'diamond',
  'stale-lookup': 'diamond',
  'stale-listing': 'diamond',
  estale: 'circle',
  'silly-rename': 'circle',
  'clock-step': 'diamond',
  'server-restart': 'square',
  crash: 'cross',
  pause: 'triangle',
  compromised: 'circle',
  'log-warn': 'dot',
  'log-error': 'dot',
  'acquire-failed': 'cross',
  'release-error': 'square',
  exit: 'bar',
  end: 'bar',
};

/** Kinds that happen to a whole host or the whole server: drawn across its lanes too. */
export const WIDE: Partial<Record<MarkerKind, true>> = {
  'clock-step': true,
  'drc-miss': true,
  'drc-replay': true,
  'server-restart': true,
  end: true,
};
