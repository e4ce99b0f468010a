import { hasCode } from '../errors/fs-error.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { newNonce } from './nonce.js';
import { unlinkIfPresent } from './unlink.js';

/**
 * H18: `link(claim, lock)` failed with EPERM and then no lock file was found. Two filesystems
 * give that answer. On sshfs, EPERM is how an existing name is refused, and a busy lock can be
 * released between the link and the look: the lock is free, try again. On a filesystem without
 * hard links (FAT, some FUSE mounts) every link fails with EPERM: waiting is useless. Counting
 * such answers cannot tell the two apart (a lock handed over thousands of times a second gives
 * many in a row); linking the claim to a fresh name that nobody else can hold does.
 *
 * The probe is a second name of our claim (its owner record, a claim's name with a fresh
 * nonce), so a sweep removes it like a claim if this process dies before it does. Resolves
 * whether the link was made.
 */
export async function hardLinksWork(context: LockContext, claim: Claim): Promise<boolean> {
  const { fs, names, options } = context;
  const probe = names.claim(options.identity.hostname, options.identity.pid, newNonce(context));
  try {
    await fs.link(claim.path, probe);
    return true;
  } catch (error) {
    if (hasCode(error, 'EPERM')) return false;
    throw error;
  } finally {
    await unlinkIfPresent(context, probe);
  }
}
