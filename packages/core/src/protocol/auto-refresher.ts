import type { LockContext } from './context.js';
import { startTimer } from './timer.js';

/** The refresh timer never keeps the process alive. */
const UNREF = { unref: true } as const;

/** What {@link AutoRefresher.stop} returns when no refresh is in flight. */
const SETTLED: Promise<void> = Promise.resolve();

/**
 * Keeps a held lock alive by refreshing it every lifetime/3 (H7), on an unref'd timer so it
 * never keeps the process alive. It never throws: a failure is handed to `onFailure`, which
 * decides whether the lock is lost. Once stopped, no timer of it is left.
 */
export class AutoRefresher {
  readonly #context: LockContext;
  readonly #refresh: () => Promise<void>;
  readonly #onFailure: (error: unknown) => Promise<boolean>;
  #intervalMs: () => number = () => 0;
  #cancelTimer: (() => void) | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = false;

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
    this.#intervalMs = intervalMs;
    this.#arm();
  }

  /** Stops refreshing; resolves once an in-flight refresh has finished. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    // Settles as the in-flight refresh does; usually there is none, and no promise is made.
    return this.#inFlight ?? SETTLED;
  }

  #arm(): void {
    if (this.#stopped) return;
    const { clock } = this.#context.options;
    this.#cancelTimer = startTimer(
      clock,
      this.#intervalMs(),
      () => {
        this.#cancelTimer = undefined;
        this.#inFlight = this.#tick();
      },
      UNREF,
    );
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    if (await this.#refreshOnce()) this.#arm();
  }

  /** One refresh; resolves whether to go on. */
  async #refreshOnce(): Promise<boolean> {
    try {
      await this.#refresh();
      return true;
    } catch (error) {
      try {
        return await this.#onFailure(error);
      } catch (failure) {
        this.#context.logger.error('linklock: handling a failed refresh failed', {
          error: failure,
        });
        return false;
      }
    }
  }
}
