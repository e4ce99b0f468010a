import { LockCompromisedError } from '../errors/lock-errors.js';
import { AutoRefresher } from '../protocol/auto-refresher.js';
import type { LockContext } from '../protocol/context.js';
import type { Holding } from '../protocol/holding.js';

/**
 * Keeps a writer's gate refreshed while it waits for readers to leave (which may take longer
 * than a lifetime), whatever `autoRefresh` says: nobody else could refresh it meanwhile. A
 * loss aborts `signal`, ending the wait; `loss` then says why.
 */
export class GateKeepAlive {
  readonly signal: AbortSignal;
  loss: LockCompromisedError | undefined;
  readonly #refresher: AutoRefresher;
  readonly #lost = new AbortController();

  constructor(context: LockContext, gate: Holding, signal: AbortSignal | undefined) {
    this.signal =
      signal === undefined ? this.#lost.signal : AbortSignal.any([signal, this.#lost.signal]);
    this.#refresher = new AutoRefresher(
      context,
      () => gate.refresh(),
      async (error) => this.#onFailure(context, gate, error),
    );
    this.#refresher.start(() => gate.lifetime / 3);
  }

  async stop(): Promise<void> {
    await this.#refresher.stop();
  }

  async #onFailure(context: LockContext, gate: Holding, error: unknown): Promise<boolean> {
    if (!(error instanceof LockCompromisedError) && gate.leaseAgeMs() < gate.lifetime) return true;
    this.loss =
      error instanceof LockCompromisedError
        ? error
        : new LockCompromisedError(
            context.names.lockfile,
            `${context.names.lockfile} expired while waiting for readers: it could not be refreshed`,
            { cause: error },
          );
    this.#lost.abort(this.loss);
    return false;
  }
}
