import { hasCode } from '../errors/fs-error.js';
import type { LockContext } from './context.js';
import { inspect } from './inspect.js';
import { displacedNonce, nonceOffset } from './owner-record.js';
import { removeLeftover, unlinkIfPresent } from './unlink.js';

/**
 * What {@link removeVerified} found:
 * - `removed`: the file carried the expected nonce and is gone;
 * - `displaced`: it was the expected record, but someone had moved it aside by mistake and put
 *   it back marked (its owner's lease was interrupted): it is gone, and the owner must consider
 *   its lock lost;
 * - `absent`: nothing was at the path;
 * - `restored`: a different record had taken its place; it was marked displaced and put back;
 * - `lost`: a different record had taken its place and could not be put back (its owner
 *   will find its lock compromised at its next refresh).
 */
export type RemovalOutcome = 'removed' | 'displaced' | 'absent' | 'restored' | 'lost';

/**
 * Removes the file at `path` only if it carries `expectedNonce`, without the window between
 * "check" and "unlink" that lets a breaker remove a lock taken in between (H2, H8): the file
 * is renamed aside to `tombstone` atomically, the tombstone is read, and a file that turns out
 * not to be the expected one is linked back.
 *
 * A lock put back was gone from its path for a moment, and another process may have taken and
 * even released the lock meanwhile, so its owner must not go on as if nothing happened. Before
 * putting it back, its nonce is marked displaced (in place): the owner's next refresh or release
 * finds a nonce that is not its own and reports the lock compromised, while the lock file keeps
 * the path until it expires, so nobody else enters before the owner knows.
 */
export async function removeVerified(
  context: LockContext,
  path: string,
  tombstone: string,
  expectedNonce: string,
): Promise<RemovalOutcome> {
  const { fs, logger } = context;
  try {
    await fs.rename(path, tombstone);
  } catch (error) {
    if (!hasCode(error, 'ENOENT', 'ESTALE', 'EIO', 'ETIMEDOUT')) throw error;
    // The rename may have happened with its reply lost (a retransmission then answers ENOENT,
    // a soft mount EIO): the tombstone tells.
    if ((await inspect(context, tombstone)).kind === 'absent') {
      if (hasCode(error, 'EIO', 'ETIMEDOUT')) throw error;
      return 'absent';
    }
  }
  const moved = await inspect(context, tombstone);
  if (moved.kind === 'record' && moved.record.nonce === expectedNonce) {
    await removeLeftover(context, tombstone);
    return 'removed';
  }
  if (moved.kind === 'record' && moved.record.nonce === displacedNonce(expectedNonce)) {
    await removeLeftover(context, tombstone);
    return 'displaced';
  }
  if (moved.kind === 'absent') return 'absent';
  if (moved.kind === 'record')
    await markDisplaced(context, tombstone, moved.data, moved.record.nonce);
  const restored = await putBack(context, tombstone, path);
  if (restored) {
    logger.warn('linklock: the lock changed hands while being removed; it was put back', { path });
    return 'restored';
  }
  logger.error('linklock: the lock changed hands while being removed and could not be put back', {
    path,
    tombstone,
  });
  await removeLeftover(context, tombstone);
  return 'lost';
}

/** Marks the record in `tombstone` displaced (see above), in place. */
async function markDisplaced(
  context: LockContext,
  tombstone: string,
  data: string,
  nonce: string,
): Promise<void> {
  const offset = nonceOffset(data);
  if (offset === undefined || nonce.startsWith('!')) return;
  await context.fs.writeAt(tombstone, offset, '!');
}

async function putBack(context: LockContext, tombstone: string, path: string): Promise<boolean> {
  try {
    // link, not rename: rename would silently replace a lock file created since.
    await context.fs.link(tombstone, path);
  } catch (error) {
    // EPERM: sshfs's answer for an existing name it has not looked up (H18).
    if (hasCode(error, 'EEXIST', 'EPERM')) return false;
    throw error;
  }
  await unlinkIfPresent(context, tombstone);
  return true;
}
