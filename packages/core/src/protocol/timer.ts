import type { Clock, SleepOptions } from '../contracts/clock.js';

/**
 * Calls `callback` once after `ms` milliseconds of `clock` unless the returned function is
 * called first (after which `callback` never runs). Uses the clock's `schedule` when it has
 * one, else its `sleep` with an abort signal.
 */
export function startTimer(
  clock: Clock,
  ms: number,
  callback: () => void,
  options?: SleepOptions,
): () => void {
  if (clock.schedule !== undefined) return clock.schedule(ms, callback, options);
  const controller = new AbortController();
  clock.sleep(ms, controller.signal, options).then(
    () => {
      if (!controller.signal.aborted) callback();
    },
    () => undefined, // cancelled
  );
  return () => controller.abort(CANCELLED);
}

/** The reason a timer is cancelled (a constant: the default reason costs a DOMException). */
const CANCELLED = Symbol('linklock: timer cancelled');
