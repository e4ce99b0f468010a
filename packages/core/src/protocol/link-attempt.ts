import { errorCode, hasCode } from '../errors/fs-error.js';
import { UnsupportedFilesystemError } from '../errors/lock-errors.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { type Inspection, inspect } from './inspect.js';
import { displacedNonce } from './owner-record.js';
import { removeVerified } from './remove-verified.js';

/**
 * What one `link(claim, lock)` came to:
 * - `held`: the lock is ours (the link succeeded, or its reply was lost and the lock file
 *   carries our nonce, H3);
 * - `vanished`: the lock file was there and is gone: link again at once (H1);
 * - `claim-lost`: our claim file is gone (swept while we slept): make a new one;
 * - `claim-displaced`: our link had taken effect unseen (a lost reply) and someone then moved
 *   the lock aside and put it back marked displaced; it was removed: start over with a new claim;
 * - `no-lock-eperm`: `link` said EPERM but no lock file exists (H18: counted by the caller);
 * - `contended`: someone else's record, or something foreign, is at the lock path;
 * - `taken`: `link` said EEXIST and, as asked, the lock file was not read.
 */
export type LinkOutcome =
  | { kind: 'held' }
  | { kind: 'vanished' }
  | { kind: 'claim-lost' }
  | { kind: 'claim-displaced' }
  | { kind: 'no-lock-eperm'; error: unknown }
  | { kind: 'contended'; found: Exclude<Inspection, { kind: 'absent' }> }
  | { kind: 'taken' };

const UNSUPPORTED = ['EOPNOTSUPP', 'ENOTSUP', 'ENOSYS'];

/**
 * @param beforeLook called when the link failed, before the lock file is read: the waiter
 *   starts its directory watch there, so a release right after the read is not missed.
 * @param look whether to read the lock file after an EEXIST. A waiter woken by a change it
 *   already judged the holder for passes false: most wakes of a busy lock find it taken again,
 *   and one system call then does instead of five. Any other failure is always looked into.
 */
export async function attemptLink(
  context: LockContext,
  claim: Claim,
  beforeLook: () => void,
  look = true,
): Promise<LinkOutcome> {
  const { fs, names } = context;
  try {
    // A successful reply is proof: the server made the link for this very request.
    await fs.link(claim.path, names.lockfile);
    return { kind: 'held' };
  } catch (error) {
    if (hasCode(error, ...UNSUPPORTED)) {
      throw new UnsupportedFilesystemError(
        names.lockfile,
        `The filesystem of ${names.directory} does not support hard links`,
        { cause: error },
      );
    }
    if (hasCode(error, 'ENOENT')) return { kind: 'claim-lost' };
    if (!hasCode(error, 'EEXIST', 'EPERM', 'EIO', 'ETIMEDOUT')) throw error;
    beforeLook();
    if (!look && hasCode(error, 'EEXIST')) return { kind: 'taken' };
    return afterFailedLink(context, claim, error);
  }
}

async function afterFailedLink(
  context: LockContext,
  claim: Claim,
  error: unknown,
): Promise<LinkOutcome> {
  const found = await inspect(context, context.names.lockfile);
  if (found.kind === 'record' && found.record.nonce === claim.nonce) {
    context.logger.debug('linklock: link reported failure but the lock is ours (lost reply)', {
      code: errorCode(error),
    });
    return { kind: 'held' };
  }
  if (found.kind === 'record' && found.record.nonce === displacedNonce(claim.nonce)) {
    await removeVerified(
      context,
      context.names.lockfile,
      claim.nextTombstone(),
      found.record.nonce,
    );
    return { kind: 'claim-displaced' };
  }
  // EIO/ETIMEDOUT: the link did not happen (the lock is not ours): the error is the answer.
  if (hasCode(error, 'EIO', 'ETIMEDOUT')) throw error;
  if (found.kind === 'absent')
    return hasCode(error, 'EPERM') ? { kind: 'no-lock-eperm', error } : { kind: 'vanished' };
  return { kind: 'contended', found };
}
