import { calibrateIfStale } from './calibration.js';
import type { Claim } from './claim.js';
import { clockSlopFor } from './clock-slop.js';
import type { LockContext } from './context.js';
import { inspect } from './inspect.js';
import { judge } from './judge.js';
import { NONCE_MAX_LENGTH, newNonce } from './nonce.js';
import type { QueuePace } from './queue-pace.js';

/** Marks a claim's nonce as a place in the queue: `fq-<ticket>-<random>`. */
const TICKET_PREFIX = 'fq-';
/** The ticket: a number in base 36, zero-padded so that names sort as tickets do. */
const TICKET_DIGITS = 9;
const TICKET_MAX = 36 ** TICKET_DIGITS - 1;
/** Claims ahead unchanged this long: check that their owners still wait (a crashed waiter's claim). */
const STALL_MS = 1_000;
/**
 * Waiters with up to this many claims ahead (the holder's among them) watch for the claim just
 * ahead of theirs to go; those further back sleep. Two: the next in line and the one behind it,
 * so that a sleeper has a whole turn to wake before it is needed.
 */
export const WATCHING_PLACES = 2;
/** The shortest sleep between looks at the queue. */
const MIN_SLEEP_MS = 1;

/**
 * The fair mode's queue (`fair: true`; docs/protocol.md, "Fair waiting"), Lamport's bakery in a
 * directory. Each `lock()` call's claim carries a ticket in its nonce, one more than the highest
 * ticket among the claims it sees when it joins, so it queues behind every waiter it can see (a
 * releaser that asks again among them). Claims order by ticket, then nonce; the holder's comes
 * first while it holds. Only the next in line, with no claim ahead of its own but the holder's,
 * tries the link. The waiters just behind it watch for the claim just ahead of theirs to go,
 * which happens when its owner has had its turn (or gave up). The others sleep, each about half
 * as long as the queue takes to move it up to watching ({@link QueuePace}), and look again: a
 * directory watch wakes every watcher at every file operation in the directory, so few waiters
 * watch. No clock is involved in the order: a host whose clock runs ahead gets no worse a place.
 *
 * The queue only delays link attempts, so mutual exclusion does not depend on it. A claim just
 * ahead that stays put for {@link STALL_MS} is read: one whose owner record expired or whose
 * owner died (a crashed waiter or holder) is passed over from then on.
 */
export class FairQueue {
  readonly #context: LockContext;
  readonly #ticket: string;
  readonly #pace: QueuePace;
  /** Claims ahead found abandoned. */
  readonly #passed = new Set<string>();
  /** The claims ahead at the last look, and when that set was first seen. */
  #ahead: string[] = [];
  #aheadSince = 0;

  private constructor(context: LockContext, ticket: string, pace: QueuePace) {
    this.#context = context;
    this.#ticket = ticket;
    this.#pace = pace;
  }

  /** A place in the queue behind every waiter in sight. */
  static async join(context: LockContext, pace: QueuePace): Promise<FairQueue> {
    const entries = await context.fs.readdir(context.names.directory);
    let highest = -1;
    for (const entry of entries) {
      const ticket = ticketOf(context.names.claimNonce(entry));
      if (ticket !== undefined && ticket > highest) highest = ticket;
    }
    const ticket = Math.min(TICKET_MAX, highest + 1);
    return new FairQueue(context, ticket.toString(36).padStart(TICKET_DIGITS, '0'), pace);
  }

  /** A fresh nonce holding this place in the queue (for the claim, and any that replaces it). */
  nonce(): string {
    const prefix = `${TICKET_PREFIX}${this.#ticket}-`;
    return prefix + newNonce(this.#context).slice(0, NONCE_MAX_LENGTH - prefix.length);
  }

  /** The claims ahead of `claim` in the queue, in queue order (the holder's first). */
  async ahead(claim: Claim): Promise<readonly string[]> {
    const { fs, names, time } = this.#context;
    let ahead = this.#aheadOf(claim, await fs.readdir(names.directory));
    if (!sameEntries(ahead, this.#ahead)) {
      if (this.#ahead.length > 0) {
        this.#pace.observe(time.ageMs(this.#aheadSince), this.#ahead.length - ahead.length);
      }
      this.#aheadSince = time.stamp();
    } else if (ahead.length > 0 && time.ageMs(this.#aheadSince) >= STALL_MS) {
      await this.#passIfAbandoned(ahead[ahead.length - 1] as string);
      ahead = ahead.filter((entry) => !this.#passed.has(entry));
      this.#aheadSince = time.stamp();
    }
    this.#ahead = ahead;
    return ahead;
  }

  /**
   * How long a waiter this far back sleeps before it looks again: about as long as the queue
   * takes to move it up to one place behind the next in line (whose turn comes no sooner than
   * a turn later), jittered down to half that.
   */
  sleepMs(placesAhead: number): number {
    const places = placesAhead - WATCHING_PLACES;
    const jitter = 0.5 + this.#context.options.random.next() / 2;
    const sleep = places * this.#pace.perPlaceMs * jitter;
    return Math.min(this.#context.options.maxDelay, Math.max(MIN_SLEEP_MS, sleep));
  }

  /** Ticketed claims of this lock ahead of ours, in queue order, less those passed over. */
  #aheadOf(claim: Claim, entries: readonly string[]): string[] {
    const ours = claim.nonce;
    const ahead: { entry: string; nonce: string }[] = [];
    for (const entry of entries) {
      const nonce = this.#context.names.claimNonce(entry);
      if (nonce === undefined || ticketOf(nonce) === undefined || this.#passed.has(entry)) continue;
      if (nonce < ours) ahead.push({ entry, nonce });
    }
    return ahead.sort((a, b) => (a.nonce < b.nonce ? -1 : 1)).map(({ entry }) => entry);
  }

  /** Passes over the claim just ahead if it was abandoned. */
  async #passIfAbandoned(entry: string): Promise<void> {
    const path = this.#context.names.inDirectory(entry);
    try {
      if (await this.#abandoned(path)) this.#passed.add(entry);
    } catch (error) {
      // Unreadable: keep its place; the queue is a courtesy, and this wait is not its error.
      this.#context.logger.debug('linklock: could not read the claim ahead', { path, error });
    }
  }

  /**
   * Whether the owner of a claim ahead stopped waiting or holding: its record expired or its
   * owner died, it was never written, or it was not written for longer than a lifetime and the
   * slop (by the server's clock). A waiter rewrites its claim every third of its lifetime, a
   * holder its lock file, which is the claim; the last rule catches a claim whose owner stopped
   * before writing its real expiry (the provisional one, on its own clock before it measured the
   * server's, may lie minutes off). (Only the waiter right behind a claim waits for it to go.)
   */
  async #abandoned(path: string): Promise<boolean> {
    const context = this.#context;
    const found = await inspect(context, path);
    if (found.kind !== 'record') return true;
    await calibrateIfStale(context, found.record.timeSource);
    if (judge(context, found.record).kind !== 'live') return true;
    await calibrateIfStale(context, 'filesystem');
    const { mtimeMs } = await context.fs.stat(path);
    const unwrittenMs = context.time.now('filesystem') - mtimeMs;
    return unwrittenMs > context.options.lifetime + clockSlopFor(context, 'filesystem');
  }
}

/** The ticket in a claim's nonce, if it has one. */
function ticketOf(nonce: string | undefined): number | undefined {
  if (nonce === undefined || !nonce.startsWith(TICKET_PREFIX)) return undefined;
  const digits = nonce.slice(TICKET_PREFIX.length, TICKET_PREFIX.length + TICKET_DIGITS);
  if (digits.length !== TICKET_DIGITS || !/^[0-9a-z]+$/.test(digits)) return undefined;
  return Number.parseInt(digits, 36);
}

function sameEntries(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}
