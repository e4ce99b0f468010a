import type { Scheduler } from '../sim/scheduler.js';
import { yieldTurn } from '../sim/settle.js';

/**
 * Runs a scheduler on demand, for callers outside a simulation run: while at least one call is
 * in flight, events fire in (time, order) order; when none is, the scheduler rests. Virtual time
 * therefore moves only by the RPC latencies of the calls made.
 */
export class SchedulerDriver {
  readonly #scheduler: Scheduler;
  #inFlight = 0;
  #running = false;

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  /** Starts `call` and fires the scheduler's events until it (and any other call) settles. */
  drive<T>(call: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    const promise = call();
    const done = () => {
      this.#inFlight -= 1;
    };
    promise.then(done, done);
    if (!this.#running) void this.#loop();
    return promise;
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#inFlight > 0) {
        await this.#scheduler.run(Number.POSITIVE_INFINITY, () => this.#inFlight === 0);
        // Nothing queued yet a call in flight: its continuation has not scheduled its next
        // event; give it a turn of the event loop.
        if (this.#inFlight > 0) await yieldTurn();
      }
    } finally {
      this.#running = false;
    }
  }
}
