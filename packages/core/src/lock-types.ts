import type { Lock } from './lock.js';

/**
 * What the lock path shows, as seen by one `Lock`:
 * - `unlocked`: no lock file;
 * - `ours`: held by this `Lock`, inside its lifetime; `ours-expired`: held by it, past its expiry;
 * - `theirs`: held by another owner, not breakable yet; `theirs-expired`: past its expiry and
 *   the clock slop, so a waiter would break it;
 * - `stale`: the holder ran on this host and boot and its process is provably dead;
 * - `unknown`: the file at the lock path is not a linklock lock file, or cannot be read.
 */
export type LockState =
  | 'unlocked'
  | 'ours'
  | 'ours-expired'
  | 'theirs'
  | 'theirs-expired'
  | 'stale'
  | 'unknown';

/** Who holds a lock, from its lock file. `expiresAt` is on this process's clock. */
export interface LockDetails {
  hostname: string;
  pid: number;
  claimfile: string;
  expiresAt: number;
  token?: number;
  bootId?: string;
}

/** A held lock as a disposable: `await using held = await lock.acquire()`. */
export interface LockHandle extends AsyncDisposable {
  readonly lock: Lock;
  readonly fencingToken: number | undefined;
  release(): Promise<void>;
}

export interface WaitOptions {
  /** Give up after this many milliseconds with `LockTimeoutError`. @default Infinity (wait forever) */
  timeout?: number;
  /** Abort the wait: rejects with an `AbortError` whose `cause` is the signal's reason. */
  signal?: AbortSignal;
}
