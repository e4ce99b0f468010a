import type { Interval, Marker } from '../src/index.js';

/** What a reader chose: a marker, an interval, or a violation (its index in the run's list). */
export type Selection =
  | { type: 'marker'; mark: Marker }
  | { type: 'interval'; mark: Interval }
  | { type: 'violation'; index: number };

/** What is under the pointer (a selection, or nothing) and the time there. */
export type Hit = (Selection | { type: 'none' }) & { t: number };
