import { type Lock, LockNames, type ReadWriteLock } from '@linklock/core';
import type { LockDefaults } from '@linklock/inversify';
import { isNfsUrl } from '@linklock/nfs';
import { aboutTarget } from '../json-output.js';
import { UsageError } from '../usage-error.js';
import { localTarget } from './local-target.js';
import { connectNfsTarget } from './nfs-target.js';

/**
 * A shared lock's reader slot count: `<lock>.slots` (docs/protocol.md, "Shared locks"), or
 * `<stem>.slots` when the lock's name is too long for that (docs/protocol.md, "Files").
 */
export function slotCountOf(lockPath: string): string {
  return new LockNames(lockPath).slotCount;
}

/** The lock a command works on, wherever it lives, and what must be let go afterwards. */
export interface LockTarget {
  /** How output names the lock: the absolute local path, or the nfs:// URL as the user gave it. */
  readonly name: string;
  readonly lock: Lock;
  /** The same lock file as a shared lock (`run --shared`, `status` of a shared lock). */
  readonly readWriteLock: ReadWriteLock;
  /**
   * Whether the lock is a shared one: its reader slot count ({@link slotCountOf}) exists (kept once
   * a reader has used the lock, docs/protocol.md, "Shared locks").
   */
  isShared(): Promise<boolean>;
  /**
   * Rejects (ENOENT, ENOTDIR) when the lock file's directory is missing, which reading the lock
   * would report as "unlocked".
   */
  requireDirectory(): Promise<void>;
  /** What is at the lock path when it is not a lock file: "a directory", "a symbolic link", ... */
  describeForeign(): Promise<string>;
  /**
   * Lets go of what the target holds open: the NFS connection, which keeps the process alive
   * while a call is in flight and stays open on the server otherwise.
   */
  close(): Promise<void>;
}

/**
 * Runs `body` on the lock that `given` names (a local path or an `nfs://` URL) and closes the
 * target however `body` ends: returned, threw, or a forwarded signal ended the command.
 */
export async function withLockTarget<T>(
  command: string,
  given: string,
  defaults: LockDefaults,
  body: (target: LockTarget) => Promise<T>,
): Promise<T> {
  let target: LockTarget;
  try {
    target = await openLockTarget(command, given, defaults);
  } catch (error) {
    throw aboutTarget(error, given);
  }
  try {
    return await closingAfter(target, body);
  } catch (error) {
    throw aboutTarget(error, target.name);
  }
}

/** The target `given` names; an `nfs://` URL is connected to (the caller closes it). */
export async function openLockTarget(
  command: string,
  given: string,
  defaults: LockDefaults,
): Promise<LockTarget> {
  if (isNfsUrl(given)) return connectNfsTarget(command, given, defaults);
  try {
    return localTarget(given, defaults);
  } catch (error) {
    // A path that can never name a lock file (`/`, `dir/`): the lock's TypeError, said as what
    // it is here, a command line to correct (exit 2).
    if (error instanceof TypeError) throw new UsageError(error.message, command);
    throw error;
  }
}

/**
 * `body(target)`, then `target.close()` whether it resolved or threw. An NFS connection with a
 * call in flight keeps the process alive; an idle one would be left open on the server.
 */
export async function closingAfter<T>(
  target: LockTarget,
  body: (target: LockTarget) => Promise<T>,
): Promise<T> {
  try {
    return await body(target);
  } finally {
    await target.close();
  }
}
