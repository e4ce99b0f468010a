import { DEFAULT_CLOCK_SLOP } from '../options.js';
import { calibrateIfStale } from './calibration.js';
import type { LockContext } from './context.js';

/**
 * How long any client may show an old view of a file's attributes and size: NFS clients
 * revalidate after at most `acregmax`, 60 s by default; FUSE mounts (sshfs, bindfs) sooner.
 */
const ATTRIBUTE_CACHE_MAX_MS = 60_000;

/**
 * Whether an empty claim file was abandoned: made by a process that died between creating it
 * and writing its owner record (a kill between `open` and `write`; over NFS, between CREATE
 * and WRITE). Nothing in it says whose it is, so its age decides: older on the file server's
 * clock than a lifetime, the clock slop (10 s unless given: an empty file names no time source)
 * and the longest attribute cache, no live creator is still about to write it. Removing it is
 * safe even if one were: a claim is only ever linked by its path, and a link of a removed claim
 * fails (the creator then makes a new one).
 */
export async function isAbandonedEmptyClaim(context: LockContext, path: string): Promise<boolean> {
  const stats = await context.fs.stat(path);
  await calibrateIfStale(context, 'filesystem');
  const ageMs = context.time.now('filesystem') - stats.mtimeMs;
  const { lifetime, clockSlop = DEFAULT_CLOCK_SLOP } = context.options;
  return ageMs > lifetime + clockSlop + ATTRIBUTE_CACHE_MAX_MS;
}
