import { showDetail } from './detail.js';
import { schedule } from './schedule.js';
import type { Selection } from './selection.js';
import { state } from './state.js';

/** Chooses a mark: the detail panel shows it, the canvas outlines it. */
export function select(hit: Selection): void {
  state.selected = hit;
  showDetail(hit);
  schedule();
}
