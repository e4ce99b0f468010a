/**
 * The one place the simulation touches the host's event loop: after an event fires, the
 * simulated processes it woke run on as promise continuations (microtasks) until each waits on
 * the simulation again; the next event may fire only once all of them have.
 *
 * That moment comes without leaving the current turn of the event loop: Node runs its next-tick
 * queue and the microtask queue in turn until both are empty, so a next-tick callback queued
 * from a microtask runs only once the microtask queue has drained. (A turn of the event loop per
 * event, setImmediate, would cost more than most events.)
 *
 * This is no source of time or order: nothing here reads a clock, and what runs between two
 * events depends only on the event that fired, so a seed replays exactly.
 */

const RESOLVED = Promise.resolve();

/** Runs `callback` as a microtask (so that `afterMicrotasks` may be called from it). */
function asMicrotask(callback: () => void): void {
  void RESOLVED.then(callback);
}

/**
 * Runs `callback`, as a microtask, once every microtask queued so far and every one those queue
 * have run. Call it from a microtask: from elsewhere (a timer, a script's top level) the
 * next-tick queue runs before the microtasks.
 */
export function afterMicrotasks(callback: () => void): void {
  process.nextTick(asMicrotask, callback);
}

/**
 * Runs `callback`, as a microtask, after one turn of the host's event loop (after every
 * microtask and next-tick callback): for the host's sake (progress output, signals, worker
 * messages) now and then.
 */
export function afterTurn(callback: () => void): void {
  setImmediate(asMicrotask, callback);
}

/** Resolves once the microtasks queued so far, and those they queue, have run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => asMicrotask(() => afterMicrotasks(resolve)));
}

/**
 * Resolves after one turn of the host's event loop: for callers outside a simulation whose
 * continuations may wait on the host.
 */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
