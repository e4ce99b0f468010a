import { hasCode } from '../errors/fs-error.js';
import { blankRecord } from './blank-record.js';
import type { LockContext } from './context.js';
import { newNonce } from './nonce.js';
import type { TimeSource } from './owner-record.js';
import { encodeRecord } from './owner-record.js';
import { unlinkIfPresent } from './unlink.js';

/**
 * Measures the file server's clock (H6) when no claim is being created: creates a probe file
 * under a fresh name, reads the mtime the server stamped on it, and removes it. A fresh name
 * matters: a filesystem that caches attributes (sshfs, NFS) may serve an old mtime for a name
 * it has seen before (H17), but has nothing cached for a new one. The probe is named and
 * written like a claim of this process, live for a lifetime on its own clock, so a sweep removes
 * it if this process dies midway, and not from under it while it reads the mtime. Should it
 * vanish all the same (a sweep by a host whose clock is far ahead), it is made again.
 */
export async function calibrateWithProbe(context: LockContext): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await probeOnce(context);
      return;
    } catch (error) {
      if (attempt >= PROBE_ATTEMPTS || !hasCode(error, 'ENOENT', 'ESTALE')) throw error;
    }
  }
}

/** Probes made before a probe that keeps vanishing is an error. */
const PROBE_ATTEMPTS = 3;

async function probeOnce(context: LockContext): Promise<void> {
  const { fs, names, time, options } = context;
  const { identity } = options;
  const nonce = newNonce(context);
  const path = names.claim(identity.hostname, identity.pid, nonce);
  const record = { ...blankRecord(context, nonce, 'local'), expiresAt: probeExpiry(context) };
  const before = time.localNow();
  try {
    await fs.writeFile(path, encodeRecord(record), { exclusive: true });
    const stats = await fs.stat(path);
    time.calibrate(before, time.localNow(), stats);
  } catch (error) {
    // The probe's own removal failing (a read-only filesystem) must not hide why it failed.
    await unlinkIfPresent(context, path).catch(() => undefined);
    throw error;
  }
  await unlinkIfPresent(context, path);
}

/** A probe's expiry on this process's clock: whole milliseconds, as a record holds them. */
function probeExpiry(context: LockContext): number {
  return Math.ceil(context.time.localNow() + context.options.lifetime);
}

/** A probe that failed for want of room: the filesystem is full, not the estimate wrong. */
const NO_ROOM = ['ENOSPC', 'EDQUOT'];

/**
 * Before "now" is read on `timeSource`'s clock: when that is the file server's and the estimate
 * of its offset is older than `maxAgeMs` (a stepped clock must not go unnoticed), measures it
 * again. Resolves whether it did.
 *
 * On a full disk the probe cannot be made. An estimate that is only old (no clock step since)
 * then still serves, unless a fresh one was asked for (`maxAgeMs`, before a break): clocks
 * drift by parts per million, so a holder whose refreshes rewrite its record in place, which
 * needs no room, is not told it lost its lock because a minute passed.
 */
export async function calibrateIfStale(
  context: LockContext,
  timeSource: TimeSource,
  maxAgeMs?: number,
): Promise<boolean> {
  if (timeSource !== 'filesystem' || !context.time.needsCalibration(maxAgeMs)) return false;
  try {
    await calibrateWithProbe(context);
  } catch (error) {
    const onlyAged = !context.time.needsCalibration(Number.POSITIVE_INFINITY);
    if (maxAgeMs !== undefined || !onlyAged || !hasCode(error, ...NO_ROOM)) throw error;
    context.logger.debug('linklock: no room for a clock probe; the last estimate serves', {
      error,
    });
    return false;
  }
  return true;
}
