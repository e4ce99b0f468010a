import { hasCode } from '../errors/fs-error.js';
import type { LockContext } from './context.js';

/** Unlinks `path`; a file already gone (ENOENT, or ESTALE on NFS) is fine. */
export async function unlinkIfPresent(context: LockContext, path: string): Promise<void> {
  try {
    await context.fs.unlink(path);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

/** A file already gone: ENOENT, or ESTALE on NFS. */
function isGone(error: unknown): boolean {
  return hasCode(error, 'ENOENT', 'ESTALE');
}

/**
 * Removes a file that is ours to remove but not needed for the outcome (a tombstone, a dead
 * holder's claim). Its removal failing must not fail the lock: it holds an expired record, so a
 * later sweep removes it; the failure is logged.
 */
export async function removeLeftover(context: LockContext, path: string): Promise<void> {
  try {
    // Not through unlinkIfPresent: one async layer fewer on every release.
    await context.fs.unlink(path);
  } catch (error) {
    if (isGone(error)) return;
    context.logger.warn('linklock: could not remove a leftover file; a later sweep will', {
      path,
      error,
    });
  }
}
