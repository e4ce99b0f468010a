import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLock, type Logger } from 'linklock';
import { SWEEP_BATCH } from './settings.js';

export interface SweepOutcome {
  /** Breaks made to run the lock's sweep. */
  rounds: number;
  /** Of those, the ones that found a killed holder's lock in place (no sacrifice needed). */
  killedHolders: number;
  /** What break() answered, when not `broken`. */
  notes: string[];
}

export interface SweepRequest {
  /** The lock file, through the backing directory. */
  lockfile: string;
  lifetimeMs: number;
  clockSlopMs: number;
  /** How many of the killed processes' files are still there (claims, tombstones, lock, guard). */
  remaining: () => number;
  /**
   * Starts a process on this host that takes the lock, and SIGKILLs it once it holds: a crashed
   * holder, whose lock the next break removes at once (the holder provably died on this host).
   */
  sacrifice: () => Promise<void>;
  logger: Logger;
}

/**
 * Runs the lock's own sweep until nothing of the killed processes is left. linklock has no sweep
 * of its own to call: it sweeps leftovers (up to 32 claims and tombstones whose record expired
 * or whose owner died, docs/protocol.md "Break") after every break, and removes an expired break
 * guard when it takes the guard. So each round breaks a lock: the lock of a killed holder when
 * one is in place, else that of a sacrificed holder. The caller waits until the killed
 * processes' records have expired (lifetime + slop) first, so that the sweep may judge them.
 */
export async function sweepLeftovers(request: SweepRequest): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { rounds: 0, killedHolders: 0, notes: [] };
  const lock = createLock(request.lockfile, {
    lifetime: request.lifetimeMs,
    clockSlop: request.clockSlopMs,
    fencing: true,
    logger: request.logger,
  });
  const maxRounds = Math.ceil(request.remaining() / SWEEP_BATCH) + 3;
  while (request.remaining() > 0 && outcome.rounds < maxRounds) {
    if (existsSync(request.lockfile)) outcome.killedHolders += 1;
    else await request.sacrifice();
    outcome.rounds += 1;
    const result = await lock.break();
    if (result !== 'broken') {
      outcome.notes.push(`round ${outcome.rounds}: break() answered '${result}'`);
      // A record not yet judged breakable (its expiry on the file server's clock): wait a lifetime.
      await sleep(request.lifetimeMs);
    }
  }
  return outcome;
}
