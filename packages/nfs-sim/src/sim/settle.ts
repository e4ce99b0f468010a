/**
 * The one place the simulation touches the host's event loop: after an event fires, the
 * simulated processes it woke run on as promise continuations (microtasks) until each waits on
 * the simulation again. `settle()` resolves after all of them have run, by yielding one turn of
 * the event loop (a check-phase callback runs only once the microtask queue is empty).
 *
 * This is no source of time or order: nothing here reads a clock, and what runs between two
 * events depends only on the event that fired, so a seed replays exactly.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
