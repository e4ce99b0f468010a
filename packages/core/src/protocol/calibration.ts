import type { LockContext } from './context.js';
import { newNonce } from './nonce.js';
import { encodeRecord } from './owner-record.js';
import { unlinkIfPresent } from './remove-verified.js';

/**
 * Measures the file server's clock (H6) when no claim is being created: creates a probe file
 * under a fresh name, reads the mtime the server stamped on it, and removes it. A fresh name
 * matters: a filesystem that caches attributes (sshfs, NFS) may serve an old mtime for a name
 * it has seen before (H17), but has nothing cached for a new one. The probe is named and
 * written like an already expired claim, so a sweep removes it if this process dies midway.
 */
export async function calibrateWithProbe(context: LockContext): Promise<void> {
  const { fs, names, time, options } = context;
  const { identity } = options;
  const nonce = newNonce(context);
  const path = names.claim(identity.hostname, identity.pid, nonce);
  const record = {
    hostname: identity.hostname,
    pid: identity.pid,
    bootId: identity.bootId,
    pidNamespace: identity.pidNamespace,
    timeSource: 'local' as const,
    claim: names.claimBasename(identity.hostname, identity.pid, nonce),
    nonce,
    token: 0,
    expiresAt: 0,
  };
  const before = time.localNow();
  try {
    await fs.writeFile(path, encodeRecord(record), { exclusive: true });
    const stats = await fs.stat(path);
    time.calibrate(before, time.localNow(), stats);
  } finally {
    await unlinkIfPresent(context, path);
  }
}
