/**
 * The one place the simulation touches the host's event loop: after an event fires, the
 * simulated processes it woke run on as promise continuations (microtasks) until each waits on
 * the simulation again. `settle()` resolves after all of them have run.
 *
 * It does so without leaving the current turn of the event loop: Node runs its next-tick queue
 * and the microtask queue in turn until both are empty, so a next-tick callback queued from a
 * microtask runs only once the microtask queue has drained. (A turn of the event loop per event,
 * setImmediate, would cost more than most events.)
 *
 * This is no source of time or order: nothing here reads a clock, and what runs between two
 * events depends only on the event that fired, so a seed replays exactly.
 */
export function settle(): Promise<void> {
  // From outside a microtask (a timer, a script's top level) the next-tick queue would run
  // before the microtasks: hop onto one first.
  return Promise.resolve().then(settleFromMicrotask);
}

/**
 * `settle()` for a caller that runs as a microtask already, as an async function does after its
 * first `await`: the scheduler's loop, once per event.
 */
export function settleFromMicrotask(): Promise<void> {
  return new Promise((resolve) => process.nextTick(resolve));
}

/**
 * Yields one turn of the host's event loop, after every microtask and next-tick callback: for
 * the host's sake (progress output, signals, worker messages), and for callers outside a
 * simulation whose continuations may wait on the host.
 */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
