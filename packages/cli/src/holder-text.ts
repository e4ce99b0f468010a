import type { Lock, LockDetails } from '@linklock/core';

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

/** The holder as far as it can be read; a lock released meanwhile or a foreign file say so. */
export async function holderOf(lock: Lock): Promise<string> {
  try {
    const details = await lock.details();
    return details === null ? 'nobody (it was just released)' : describeHolder(details);
  } catch (error) {
    return `something that is not a linklock lock file (${(error as Error).message})`;
  }
}
