import type { RunView } from './run-view.js';
import type { Selection } from './selection.js';

/** The page's state: the run shown, its scale (pixels per millisecond), the selection. */
export interface PageState {
  view: RunView | null;
  scale: number;
  selected: Selection | null;
  /** A frame is requested (schedule.ts): more requests until it draws add nothing. */
  drawing: boolean;
}

export const state: PageState = { view: null, scale: 1, selected: null, drawing: false };
