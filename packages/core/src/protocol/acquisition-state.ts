import { LockTimeoutError, UnsupportedFilesystemError } from '../errors/lock-errors.js';
import type { AcquireRequest } from './acquirer.js';
import { Breaker } from './breaker.js';
import { calibrateIfStale } from './calibration.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { type FairQueue, WATCHING_PLACES } from './fair-queue.js';
import { hardLinksWork } from './hard-link-probe.js';
import { foreignLockFile, inspect } from './inspect.js';
import { judge } from './judge.js';
import { attemptLink } from './link-attempt.js';
import type { OwnerRecord } from './owner-record.js';
import { LIVENESS_CHECK_MS, type Waiter, type WakeReason } from './waiter.js';

/** Before breaking on filesystem time, the server-clock estimate must be this fresh. */
const FRESH_FOR_BREAK_MS = 5_000;
/** Immediate retries in a row before a vanishing lock file costs a short wait (livelock guard). */
const IMMEDIATE_TRIES = 16;
/**
 * How long a look at a live holder serves the link-only attempts that follow it. The holder may
 * change meanwhile unseen; a new one on this host, whose death its pid would show, is then found
 * within about this long, as it would be by the default backoff's longest sleep.
 */
const LOOK_SERVES_MS = 1_000;

export type StepResult = 'held' | 'again' | 'new-claim' | 'gave-up';

/** What a look found of a live holder: when it becomes breakable, how to check it lives, when. */
interface Judged {
  until: number;
  holderAlive: (() => boolean) | undefined;
  /** When the look was made: a stamp on the monotonic clock where there is one (TimeKeeper.stamp). */
  lookedAt: number;
}

/**
 * One acquisition between its link attempts: what it has seen (the holder, how often in a row
 * the lock vanished, how many breaks it tried) and what it does with the outcome of
 * each attempt: hold, try again at once, wait, break, or give up.
 */
export class AcquisitionState {
  readonly #context: LockContext;
  readonly #request: AcquireRequest;
  readonly #waiter: Waiter;
  readonly #deadline: number;
  /** The fair mode's queue (`fair: true`), else undefined. */
  readonly #queue: FairQueue | undefined;
  /** Fair mode: no claim is ahead of ours but the holder's (it stays so: later ones queue behind). */
  #nextInLine = false;
  #immediate = 0;
  #breaks = 0;
  #holder: OwnerRecord | undefined;
  /** The holder as the last look judged it. */
  #judged: Judged | undefined;
  #lastWake: WakeReason | undefined;

  constructor(
    context: LockContext,
    request: AcquireRequest,
    waiter: Waiter,
    deadline: number,
    queue?: FairQueue,
  ) {
    this.#context = context;
    this.#request = request;
    this.#waiter = waiter;
    this.#deadline = deadline;
    this.#queue = queue;
  }

  async step(claim: Claim): Promise<StepResult> {
    if (this.#queue !== undefined && !this.#nextInLine) {
      const waited = await this.#waitInQueue(this.#queue, claim);
      if (waited !== undefined) return waited;
    }
    // Woken by a change after a look at a live holder, or polling: try the link alone. So too
    // after a backoff sleep while the last look at a live holder still serves.
    const changedHands =
      this.#waiter.polling || (this.#lastWake === 'changed' && this.#judged !== undefined);
    const stillJudged = changedHands ? undefined : this.#servingLook();
    this.#lastWake = undefined;
    const look = !changedHands && stillJudged === undefined;
    const outcome = await attemptLink(this.#context, claim, () => this.#waiter.watch(), look);
    switch (outcome.kind) {
      case 'held':
        return 'held';
      case 'taken':
        return stillJudged === undefined ? this.#takenAgain() : this.#stillTaken(stillJudged);
      case 'claim-displaced':
        this.#context.logger.debug('linklock: our unseen lock was displaced; starting over');
        await claim.discard();
        return 'new-claim';
      case 'claim-lost':
        this.#context.logger.debug('linklock: our claim file vanished; making a new one');
        return 'new-claim';
      case 'vanished':
        return this.#again();
      case 'no-lock-eperm':
        return this.#afterEperm(claim, outcome.error);
      case 'contended':
        if (outcome.found.kind === 'foreign') {
          throw foreignLockFile(this.#context.names.lockfile, outcome.found);
        }
        return this.#contended(claim, outcome.found.record);
    }
  }

  /**
   * The fair mode's wait for this waiter's turn (see FairQueue). Once it is next in line it
   * links as in the default mode: at once (undefined) when no claim is ahead, else after
   * judging the holder whose record told it so. Near the front it watches the claims ahead,
   * woken when one of them goes (the backoff bounds the wait where no watch sees it, on another
   * host, and for a claim that never goes, a crashed owner's); further back it sleeps
   * unwatched. At the deadline it tries anyway (undefined, H9).
   */
  async #waitInQueue(queue: FairQueue, claim: Claim): Promise<StepResult | undefined> {
    const ahead = await queue.ahead(claim);
    if (ahead.length === 0) return this.#becomeNext();
    const names = this.#context.names;
    if (ahead.length === 1) {
      // Right behind one claim (a waiter's, or a holder's that is releasing), the lock file's
      // change may be our turn too. Watched before the lock file is read, so that a release
      // right after the read still wakes us.
      this.#waiter.wakeOnlyFor([...ahead, names.basename]);
      this.#waiter.watch();
      const holder = await this.#holderIfNext(ahead[0] as string);
      if (holder !== undefined) {
        this.#becomeNext();
        // That read was a look at the holder: judge it as after a failed link, rather than
        // link only to be refused and read the same record again.
        return this.#contended(claim, holder);
      }
    }
    if (this.#context.time.localNow() >= this.#deadline) return undefined;
    this.#lastWake = undefined;
    if (ahead.length > WATCHING_PLACES) {
      this.#waiter.close();
      const untilDeadline = this.#deadline - this.#context.time.localNow();
      await this.#waiter.pause(Math.min(queue.sleepMs(ahead.length), untilDeadline));
      return 'again';
    }
    // Behind two claims, only a claim ahead going moves us up, not a change of the lock file.
    if (ahead.length > 1) this.#waiter.wakeOnlyFor(ahead);
    this.#waiter.watch();
    return this.#waitOrGiveUp(this.#deadline);
  }

  /** No claim is ahead but the holder's: from now on this waiter links as in the default mode. */
  #becomeNext(): undefined {
    this.#nextInLine = true;
    this.#waiter.wakeOnlyFor(undefined);
    return undefined;
  }

  /**
   * The holder's record if the one claim ahead is the holder's: then this waiter is next. That
   * claim may be the holder's or a waiter's; the lock file, which names its claim, tells.
   */
  async #holderIfNext(claimAhead: string): Promise<OwnerRecord | undefined> {
    const found = await inspect(this.#context, this.#context.names.lockfile);
    return found.kind === 'record' && found.record.claim === claimAhead ? found.record : undefined;
  }

  /** H1: the lock file vanished: free now. Retry at once, a bounded number of times in a row. */
  async #again(): Promise<StepResult> {
    this.#waiter.reset();
    this.#immediate += 1;
    if (this.#immediate <= IMMEDIATE_TRIES) return 'again';
    this.#immediate = 0;
    return this.#waitOrGiveUp(this.#deadline);
  }

  /** H18: EPERM, and no lock file: released meanwhile (try again), or no hard links at all. */
  async #afterEperm(claim: Claim, error: unknown): Promise<StepResult> {
    if (await hardLinksWork(this.#context, claim)) return this.#again();
    throw new UnsupportedFilesystemError(
      this.#context.names.lockfile,
      `link() fails with EPERM in ${this.#context.names.directory}, also onto a new name: the filesystem does not allow hard links here`,
      { cause: error },
    );
  }

  async #contended(claim: Claim, holder: OwnerRecord): Promise<StepResult> {
    await calibrateIfStale(this.#context, holder.timeSource);
    this.#holder = holder;
    let verdict = judge(this.#context, holder);
    // Breaking acts on our idea of the server's time: make sure it is current (a stepped clock).
    if (
      verdict.kind === 'expired' &&
      (await calibrateIfStale(this.#context, holder.timeSource, FRESH_FOR_BREAK_MS))
    ) {
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
    this.#judged = {
      until: verdict.breakableAtLocalMs,
      holderAlive: verdict.holderAlive,
      lookedAt: this.#context.time.stamp(),
    };
    return this.#waitOrGiveUp(verdict.breakableAtLocalMs, verdict.holderAlive);
  }

  /**
   * Whether the next attempt may be a link alone, the last look still serving: the backoff
   * ended the sleep (not a change, a death or the holder's breakability), and that look, less
   * than {@link LOOK_SERVES_MS} ago, found a live holder. Reading its record again before it
   * becomes breakable tells nothing new (its death on this host is watched by pid), so a waiter
   * polls with one file operation instead of two: on NFS, where no watch sees another host's
   * release, polling is its only way to notice one. Returns that look's judgement, if so.
   */
  #servingLook(): Judged | undefined {
    const judged = this.#judged;
    if (this.#lastWake !== 'elapsed' || judged === undefined) return undefined;
    const age = this.#context.time.stamp() - judged.lookedAt;
    const fresh = age >= 0 && age < LOOK_SERVES_MS; // negative: a clock stepped back
    return fresh && this.#context.time.localNow() < judged.until ? judged : undefined;
  }

  /** The link alone found the lock still taken: back off again, as after the look. */
  async #stillTaken(judged: Judged): Promise<StepResult> {
    this.#immediate = 0;
    return this.#waitOrGiveUp(judged.until, judged.holderAlive);
  }

  /**
   * The link alone failed with EEXIST: the lock changed hands under our nose. Poll briefly
   * instead of watching (Waiter.poll); the holder may be a new one, not judged (nor known
   * alive), so no sleep lasts longer than a liveness check, and a full look ends the phase.
   */
  async #takenAgain(): Promise<StepResult> {
    this.#immediate = 0;
    // In the fair mode only the next in line watches: no crowd of wakes to spare.
    if (this.#queue === undefined) this.#waiter.poll();
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
