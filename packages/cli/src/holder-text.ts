import type { LockDetails } from '@linklock/core';
import type { LockTarget } from './targets/lock-target.js';

/** "pid 4242 on web1, expires in 12.3 s" (or "expired 2.0 s ago"). */
export function describeHolder(details: LockDetails, nowMs = Date.now()): string {
  return `pid ${details.pid} on ${details.hostname}, ${describeExpiry(details.expiresAt - nowMs)}`;
}

export function describeExpiry(leftMs: number): string {
  return leftMs >= 0 ? `expires ${timeLeft(leftMs)}` : `expired ${timeLeft(leftMs)}`;
}

/** "in 12.3 s", or "2.0 s ago" for a time past. */
export function timeLeft(leftMs: number): string {
  const seconds = (Math.abs(leftMs) / 1_000).toFixed(1);
  return leftMs >= 0 ? `in ${seconds} s` : `${seconds} s ago`;
}

/** What a command found at the lock path: a holder's record, nothing, or something foreign. */
export interface FoundHolder {
  details: LockDetails | null;
  /** What is there instead of a lock file ("a directory", ...), or null. */
  foreign: string | null;
  /** In words, for messages: "pid 7 on web1, expires in 3.0 s", "nobody", "a directory (...)". */
  text: string;
}

/** The holder of `target`'s lock as far as it can be read now. */
export async function readHolder(target: LockTarget): Promise<FoundHolder> {
  try {
    const details = await target.lock.details();
    return { details, foreign: null, text: details === null ? 'nobody' : describeHolder(details) };
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ELOCKFOREIGN') throw error;
    const foreign = await target.describeForeign().catch(() => 'something that is not a lock file');
    return { details: null, foreign, text: `${foreign}, not a lock file` };
  }
}
