/** The timeline's fixed sizes, in CSS pixels. */

/** Room above time 0 and below the run's end. */
export const PAD = 16;

/** The time axis, left of the lanes. */
export const AXIS = 70;

/** A lane's width by kind; process lanes grow with the window from this minimum (run-view.ts). */
export const WIDTH = { server: 28, host: 28, process: 78 } as const;

/** How near the pointer must be to a mark to hit it. */
export const HIT_PX = 6;
