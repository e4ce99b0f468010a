import type { LockDetails } from '@linklock/core';

/** Who holds a lock, as every command's `--json` output gives it (`holder`). */
export interface HolderDocument {
  hostname: string;
  pid: number;
  /** When the lock expires unless refreshed, as an ISO date. */
  expiresAt: string;
  /** Milliseconds until then (negative: expired that long ago), rounded. */
  expiresInMs: number;
  /** The holder's fencing token, when the lock hands them out. */
  token: number | null;
}

export function holderDocument(
  details: LockDetails | null,
  nowMs = Date.now(),
): HolderDocument | null {
  if (details === null) return null;
  return {
    hostname: details.hostname,
    pid: details.pid,
    expiresAt: new Date(details.expiresAt).toISOString(),
    expiresInMs: Math.round(details.expiresAt - nowMs),
    token: details.token ?? null,
  };
}
