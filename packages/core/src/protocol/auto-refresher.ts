import type { LockContext } from './context.js';

/**
 * Keeps a held lock alive by refreshing it every lifetime/3 (H7), on an unref'd sleep so it
 * never keeps the process alive. It never throws: a failure is handed to `onFailure`, which
 * decides whether the lock is lost.
 */
export class AutoRefresher {
  readonly #context: LockContext;
  readonly #refresh: () => Promise<void>;
  readonly #onFailure: (error: unknown) => Promise<boolean>;
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;

  /**
   * @param refresh performs one refresh
   * @param onFailure handles a failed refresh; resolves `true` to keep refreshing
   */
  constructor(
    context: LockContext,
    refresh: () => Promise<void>,
    onFailure: (error: unknown) => Promise<boolean>,
  ) {
    this.#context = context;
    this.#refresh = refresh;
    this.#onFailure = onFailure;
  }

  start(intervalMs: () => number): void {
    this.#loop = this.#run(intervalMs);
  }

  /** Stops refreshing; resolves once an in-flight refresh has finished. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  async #run(intervalMs: () => number): Promise<void> {
    const { clock, logger } = this.#context.options;
    for (;;) {
      try {
        await clock.sleep(intervalMs(), this.#stop.signal, { unref: true });
      } catch {
        return; // stopped
      }
      if (this.#stop.signal.aborted) return;
      try {
        await this.#refresh();
      } catch (error) {
        let keepGoing = false;
        try {
          keepGoing = await this.#onFailure(error);
        } catch (failure) {
          logger.error('linklock: handling a failed refresh failed', { error: failure });
        }
        if (!keepGoing) return;
      }
    }
  }
}
