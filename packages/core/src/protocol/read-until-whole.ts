import type { LockContext } from './context.js';

/**
 * Pauses before reading again a file read cut short (H17). A FUSE mount that caches attributes
 * (bindfs `attr_timeout`, sshfs) clips a read at the size it cached for the file the name led to
 * before, until its cache times out (seconds); the files the lock reads (records, the fencing
 * counter) are written whole before their name leads to them, so the next reads show them
 * whole. About 3 s in all.
 */
const CUT_SHORT_RETRY_MS = [25, 50, 100, 200, 400, 800, 1_600];

/**
 * Reads `path` with `read` until `cutShort` no longer says the result was cut short, or the
 * pauses above run out; resolves the last read, which the caller judges.
 */
export async function readUntilWhole<T>(
  context: LockContext,
  path: string,
  read: () => Promise<T>,
  cutShort: (result: T) => boolean,
): Promise<T> {
  return readAgainWhileCutShort(context, path, await read(), read, cutShort);
}

/** {@link readUntilWhole} after its first read, `first`: for a caller that judged it already. */
export async function readAgainWhileCutShort<T>(
  context: LockContext,
  path: string,
  first: T,
  read: () => Promise<T>,
  cutShort: (result: T) => boolean,
): Promise<T> {
  let result = first;
  for (const ms of CUT_SHORT_RETRY_MS) {
    if (!cutShort(result)) break;
    context.logger.debug('linklock: a file read short; reading it again', { path, ms });
    await context.options.clock.sleep(ms);
    result = await read();
  }
  return result;
}
