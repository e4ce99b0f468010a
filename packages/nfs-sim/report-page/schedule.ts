import { draw } from './draw.js';
import { state } from './state.js';

/** Draws on the next frame, once however often it is asked before then. */
export function schedule(): void {
  if (state.drawing) return;
  state.drawing = true;
  window.requestAnimationFrame(() => {
    state.drawing = false;
    draw();
  });
}
