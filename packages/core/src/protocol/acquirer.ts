import { LockTimeoutError, UnsupportedFilesystemError } from '../errors/lock-errors.js';
import { Breaker } from './breaker.js';
import { calibrateWithProbe } from './calibration.js';
import { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { foreignLockFile, inspect } from './inspect.js';
import { judge } from './judge.js';
import { attemptLink } from './link-attempt.js';
import type { OwnerRecord } from './owner-record.js';
import { removeVerified } from './remove-verified.js';
import { LIVENESS_CHECK_MS, throwIfAborted, Waiter, type WakeReason } from './waiter.js';

export interface AcquireRequest {
  /** Milliseconds to keep trying; 0 = one round (with a break of an expired lock, H9). */
  timeoutMs: number;
  /** `tryLock()`: give up (resolve undefined) instead of waiting or timing out. */
  once: boolean;
  signal: AbortSignal | undefined;
}

/** `link` answering EPERM with no lock file this many times in a row means no hard links (H18). */
const EPERM_TRIES = 3;
/** Before breaking on filesystem time, the server-clock estimate must be this fresh. */
const FRESH_FOR_BREAK_MS = 5_000;
/** Immediate retries in a row before a vanishing lock file costs a short wait (livelock guard). */
const IMMEDIATE_TRIES = 16;

/**
 * The acquisition loop of algorithm.md, one claim file per call:
 * link; on contention look at the lock file; break it when expired or dead, else wait; repeat.
 * Resolves with the held claim, or `undefined` when `once` and the lock is taken. Every exit
 * other than success removes the claim file (H11).
 */
export async function acquire(
  context: LockContext,
  request: AcquireRequest,
): Promise<Claim | undefined> {
  throwIfAborted(request.signal);
  if (!context.fs.capabilities.hardLinks) {
    throw new UnsupportedFilesystemError(
      context.names.lockfile,
      `The filesystem of ${context.names.directory} has no hard links (its adapter says so); linklock needs link(2)`,
    );
  }
  const { lifetime } = context.options;
  const deadline = context.time.localNow() + request.timeoutMs;
  let claim = await Claim.create(context, lifetime);
  const waiter = new Waiter(context, request.signal);
  try {
    const round = new Round(context, request, waiter, deadline);
    for (;;) {
      throwIfAborted(request.signal);
      if (claim.ageMs() > lifetime / 3) await claim.renew(lifetime);
      const step = await round.step(claim);
      if (step === 'held') return claim;
      if (step === 'gave-up') {
        await claim.remove();
        return undefined;
      }
      if (step === 'new-claim') claim = await Claim.create(context, lifetime);
    }
  } catch (error) {
    await abandon(context, claim);
    throw error;
  } finally {
    waiter.close();
  }
}

/**
 * Cleans up a failed acquisition: the claim, and the lock file too if it carries our nonce (a
 * link that took effect although its reply never came, on a soft mount that then gave up).
 */
async function abandon(context: LockContext, claim: Claim): Promise<void> {
  try {
    const found = await inspect(context, context.names.lockfile);
    if (found.kind === 'record' && found.record.nonce === claim.nonce) {
      await removeVerified(context, context.names.lockfile, claim.nextTombstone(), claim.nonce);
    }
  } catch {
    // Best effort: the error that ended the acquisition is the one to report.
  }
  await claim.discard();
}

type StepResult = 'held' | 'again' | 'new-claim' | 'gave-up';

/** The state of one acquisition between link attempts. */
class Round {
  readonly #context: LockContext;
  readonly #request: AcquireRequest;
  readonly #waiter: Waiter;
  readonly #deadline: number;
  #immediate = 0;
  #eperm = 0;
  #breaks = 0;
  #holder: OwnerRecord | undefined;
  /** When the holder judged by the last look becomes breakable, and how to check it lives. */
  #judged: { until: number; holderAlive: (() => boolean) | undefined } | undefined;
  #lastWake: WakeReason | undefined;

  constructor(context: LockContext, request: AcquireRequest, waiter: Waiter, deadline: number) {
    this.#context = context;
    this.#request = request;
    this.#waiter = waiter;
    this.#deadline = deadline;
  }

  async step(claim: Claim): Promise<StepResult> {
    // Woken by a change after a look at a live holder, or polling: try the link alone.
    const look =
      !this.#waiter.polling && (this.#lastWake !== 'changed' || this.#judged === undefined);
    this.#lastWake = undefined;
    const outcome = await attemptLink(this.#context, claim, () => this.#waiter.watch(), look);
    switch (outcome.kind) {
      case 'held':
        return 'held';
      case 'taken':
        return this.#takenAgain();
      case 'claim-displaced':
        this.#context.logger.debug('linklock: our unseen lock was displaced; starting over');
        await claim.discard();
        return 'new-claim';
      case 'claim-lost':
        this.#context.logger.debug('linklock: our claim file vanished; making a new one');
        return 'new-claim';
      case 'vanished':
        this.#eperm = 0;
        return this.#again();
      case 'no-lock-eperm':
        return this.#afterEperm(outcome.error);
      case 'contended':
        this.#eperm = 0;
        if (outcome.found.kind === 'foreign') {
          throw foreignLockFile(this.#context.names.lockfile, outcome.found);
        }
        return this.#contended(claim, outcome.found.record);
    }
  }

  /** H1: the lock file vanished: free now. Retry at once, a bounded number of times in a row. */
  async #again(): Promise<StepResult> {
    this.#waiter.reset();
    this.#immediate += 1;
    if (this.#immediate <= IMMEDIATE_TRIES) return 'again';
    this.#immediate = 0;
    return this.#waitOrGiveUp(this.#deadline);
  }

  async #afterEperm(error: unknown): Promise<StepResult> {
    this.#eperm += 1;
    if (this.#eperm < EPERM_TRIES) return 'again';
    throw new UnsupportedFilesystemError(
      this.#context.names.lockfile,
      `link() keeps failing with EPERM in ${this.#context.names.directory} while no lock file exists: the filesystem does not allow hard links here`,
      { cause: error },
    );
  }

  async #contended(claim: Claim, holder: OwnerRecord): Promise<StepResult> {
    if (holder.timeSource === 'filesystem' && this.#context.time.needsCalibration()) {
      await calibrateWithProbe(this.#context);
    }
    this.#holder = holder;
    let verdict = judge(this.#context, holder);
    if (
      verdict.kind === 'expired' &&
      holder.timeSource === 'filesystem' &&
      this.#context.time.needsCalibration(FRESH_FOR_BREAK_MS)
    ) {
      // Breaking acts on our idea of the server's time: make sure it is current (a stepped clock).
      await calibrateWithProbe(this.#context);
      verdict = judge(this.#context, holder);
    }
    // The expiry check comes before the timeout check, so `timeout: 0` still breaks (H9).
    if (
      verdict.kind !== 'live' &&
      this.#breaks < (this.#request.once ? 1 : Number.POSITIVE_INFINITY)
    ) {
      this.#breaks += 1;
      const outcome = await new Breaker(this.#context, claim).break(holder);
      if (outcome !== 'guarded') return this.#again();
    }
    this.#immediate = 0;
    if (verdict.kind !== 'live') return this.#waitOrGiveUp(this.#deadline);
    this.#judged = { until: verdict.breakableAtLocalMs, holderAlive: verdict.holderAlive };
    return this.#waitOrGiveUp(verdict.breakableAtLocalMs, verdict.holderAlive);
  }

  /**
   * The link alone failed with EEXIST: the lock changed hands under our nose. Poll briefly
   * instead of watching (Waiter.poll); the holder may be a new one, not judged (nor known
   * alive), so no sleep lasts longer than a liveness check, and a full look ends the phase.
   */
  async #takenAgain(): Promise<StepResult> {
    this.#eperm = 0;
    this.#immediate = 0;
    this.#waiter.poll();
    const soon = this.#context.time.localNow() + LIVENESS_CHECK_MS;
    return this.#waitOrGiveUp(Math.min(this.#judged?.until ?? soon, soon));
  }

  async #waitOrGiveUp(untilLocalMs: number, holderAlive?: () => boolean): Promise<StepResult> {
    if (this.#request.once) return 'gave-up';
    const now = this.#context.time.localNow();
    if (now >= this.#deadline) {
      throw new LockTimeoutError(
        this.#context.names.lockfile,
        `Timed out after ${this.#request.timeoutMs} ms waiting for ${this.#context.names.lockfile}${describeHolder(this.#holder)}`,
      );
    }
    this.#lastWake = await this.#waiter.wait(Math.min(untilLocalMs, this.#deadline), holderAlive);
    return 'again';
  }
}

function describeHolder(holder: OwnerRecord | undefined): string {
  return holder === undefined ? '' : ` (held by pid ${holder.pid} on ${holder.hostname})`;
}
