/** The first guess at the pace of a fair queue, before any move of it was seen. */
const FIRST_GUESS_MS = 1;

/**
 * How fast a fair queue moves: milliseconds per place, as seen by the waiters of one `Lock`
 * over its `lock()` calls (protocol/fair-queue.ts). A sample also counts any moment the lock
 * lay free while the next in line still slept, so samples err long: the estimate goes half way
 * to a shorter sample and only an eighth of the way to a longer one. A waiter that wakes a
 * little early costs one directory listing; a pace that fed on idle moments would slow the
 * queue down for good.
 */
export class QueuePace {
  #perPlaceMs = FIRST_GUESS_MS;

  get perPlaceMs(): number {
    return this.#perPlaceMs;
  }

  /** The queue moved `places` in `elapsedMs`. */
  observe(elapsedMs: number, places: number): void {
    if (places <= 0 || !(elapsedMs >= 0)) return;
    const sample = elapsedMs / places;
    const weight = sample < this.#perPlaceMs ? 1 / 2 : 1 / 8;
    this.#perPlaceMs += (sample - this.#perPlaceMs) * weight;
  }
}
