import { EventQueue, type SimEvent } from './event-queue.js';
import { afterMicrotasks, afterTurn } from './settle.js';

/** Events between two turns of the host's event loop (see `run`). */
const EVENTS_PER_TURN = 1_000;

/**
 * Virtual time for a whole simulated run: every sleep and every RPC of every simulated process
 * is an event here, fired in (time, order) order, so operations of different clients interleave
 * deterministically and a simulated hour runs in milliseconds. Time is the true time of the
 * run (the file server's clock); clients read it through their own skewed clocks.
 */
export class Scheduler {
  readonly #queue = new EventQueue();
  readonly #dead = new Set<number>();
  readonly #pausedUntil = new Map<number, number>();
  #now = 0;
  #seq = 0;
  #fired = 0;

  now(): number {
    return this.#now;
  }

  /** How many events have fired: a measure of the work done. */
  get fired(): number {
    return this.#fired;
  }

  /** Calls `fire` at time `at` (never in the past). Events of a crashed owner never fire. */
  at(at: number, owner: number | undefined, fire: () => void): SimEvent {
    const pausedUntil = owner === undefined ? undefined : this.#pausedUntil.get(owner);
    const when = Math.max(at, this.#now, pausedUntil ?? 0);
    const event: SimEvent = {
      at: when,
      seq: this.#seq++,
      owner,
      fire,
      cancelled: false,
      superseded: false,
    };
    if (owner !== undefined && this.#dead.has(owner)) event.cancelled = true;
    else this.#queue.push(event);
    return event;
  }

  /** Calls `fire` after `ms` of virtual time (as `sleep` resolves, without a promise). */
  after(ms: number, owner: number | undefined, fire: () => void): SimEvent {
    return this.at(this.#now + Math.max(0, ms), owner, fire);
  }

  /** Resolves after `ms` of virtual time; rejects with the signal's reason when aborted. */
  sleep(ms: number, owner: number | undefined, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal === undefined) {
        this.after(ms, owner, resolve);
        return;
      }
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        event.cancelled = true;
        reject(signal.reason);
      };
      const event = this.at(this.#now + Math.max(0, ms), owner, () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops a process for good: its pending and future events never fire. */
  crash(owner: number): void {
    this.#dead.add(owner);
    for (const event of this.#queue.ownedBy(owner)) event.cancelled = true;
  }

  isCrashed(owner: number): boolean {
    return this.#dead.has(owner);
  }

  /** Stops a process for `ms`: its events due meanwhile fire when the pause ends, in order. */
  pause(owner: number, ms: number): void {
    const until = this.#now + ms;
    this.#pausedUntil.set(owner, Math.max(until, this.#pausedUntil.get(owner) ?? 0));
    // In (time, order) order, so the copies fire at the end of the pause in the original order.
    const owned = this.#queue.ownedBy(owner).sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const event of owned) {
      if (event.at >= until) continue;
      event.superseded = true;
      const original = event;
      this.#queue.push({
        at: until,
        seq: this.#seq++,
        owner,
        fire: () => {
          if (!original.cancelled) original.fire();
        },
        cancelled: false,
        superseded: false,
      });
    }
  }

  /**
   * Fires events in order until `done()` holds, nothing is pending, or time passes `untilMs`.
   * Resolves with whether it stopped because `done()` held. Each event fires as a microtask once
   * the processes the previous one woke have all run to their next wait (settle.ts); every
   * `EVENTS_PER_TURN` events, and before the first, the host's event loop takes a turn.
   */
  run(untilMs: number, done: () => boolean): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const step = (): void => {
        let stopped: boolean | undefined;
        try {
          stopped = this.#fireNext(untilMs, done);
        } catch (error) {
          reject(error);
          return;
        }
        if (stopped !== undefined) resolve(stopped);
        else if (this.#fired % EVENTS_PER_TURN === 0) afterTurn(step);
        else afterMicrotasks(step);
      };
      afterTurn(step);
    });
  }

  /** Fires the next due event; `true` when `done()` holds first, `false` when none is due. */
  #fireNext(untilMs: number, done: () => boolean): boolean | undefined {
    for (;;) {
      if (done()) return true;
      const event = this.#queue.pop();
      if (event === undefined) return false;
      if (event.at > untilMs) {
        this.#queue.push(event); // not due yet: it keeps its place for a later run
        return false;
      }
      if (event.cancelled || event.superseded) continue;
      this.#now = event.at;
      this.#fired += 1;
      event.fire();
      return undefined;
    }
  }
}
