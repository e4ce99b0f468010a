import { roundNumbersIn } from '../src/report/format-time.js';
import { el } from './dom.js';
import { overlays } from './elements.js';
import { focusViolation } from './focus-violation.js';
import { PAD } from './geometry.js';
import type { RunView } from './run-view.js';
import { state } from './state.js';

/**
 * One `<button class="violation">` per violation over the canvas: a browser test and a reader
 * find them as elements, not pixels.
 */
export function buildOverlays(view: RunView): void {
  overlays.textContent = '';
  view.layout.violations.forEach((violation, index) => {
    const button = el('button', {
      type: 'button',
      className: 'violation',
      'data-checker': violation.checker,
      'data-violation': index,
      'data-pids': violation.pids.join(' '),
      title: `${violation.checker}: ${roundNumbersIn(violation.message)}`,
      text: violation.checker,
    });
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      focusViolation(index);
    });
    overlays.appendChild(button);
  });
}

/** Each label at its violation's start; labels that would cover each other move right. */
export function placeOverlays(): void {
  const view = state.view!;
  const buttons = overlays.children;
  const placed: { top: number; left: number; width: number }[] = [];
  view.layout.violations.forEach((violation, index) => {
    let left = Math.min(...violation.lanes.map((l) => view.laneX[l]!)) + 2;
    const button = buttons[index] as HTMLElement;
    const top = PAD + violation.start * state.scale - 9;
    const width = button.offsetWidth || 60;
    let moved = true;
    while (moved) {
      moved = false;
      for (const other of placed) {
        if (
          Math.abs(other.top - top) < 19 &&
          left < other.left + other.width + 2 &&
          other.left < left + width + 2
        ) {
          left = other.left + other.width + 3;
          moved = true;
        }
      }
    }
    placed.push({ top, left, width });
    button.style.top = `${top}px`;
    button.style.left = `${left}px`;
  });
}
