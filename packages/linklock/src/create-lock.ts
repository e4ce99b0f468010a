import { resolve } from 'node:path';
import { Lock, type LockOptions, ReadWriteLock } from '@linklock/core';
import { NodeFsAdapter } from './node-fs-adapter.js';
import { nodeIdentity } from './node-identity.js';
import { nodeRandom } from './node-random.js';
import { systemClock } from './system-clock.js';

let sharedAdapter: NodeFsAdapter | undefined;

/**
 * The adapter of locks created without `fs`: one per process, so that the locks share its
 * per-directory filesystem detection, its directory watchers and (in core) the calibration of
 * the file server's clock, instead of paying for them at every `createLock()`.
 */
function defaultAdapter(): NodeFsAdapter {
  sharedAdapter ??= new NodeFsAdapter();
  return sharedAdapter;
}

/**
 * A {@link Lock} on `path` with the Node.js defaults injected: a {@link NodeFsAdapter} (`auto`
 * mode, shared by such locks; pass `fs: await NodeFsAdapter.forDirectory(dir)` for honest
 * capabilities on a network or FUSE mount), {@link systemClock}, {@link nodeRandom} and
 * {@link nodeIdentity}. Explicit options win. A relative path is resolved against the current
 * directory now, so a later `process.chdir()` does not move the lock.
 */
export function createLock(path: string, options: Partial<LockOptions> = {}): Lock {
  return new Lock(absolute(path), withNodeDefaults(options));
}

/**
 * A {@link ReadWriteLock} (many readers or one writer) on `path`, with the same Node.js
 * defaults as {@link createLock}.
 */
export function createReadWriteLock(
  path: string,
  options: Partial<LockOptions> = {},
): ReadWriteLock {
  return new ReadWriteLock(absolute(path), withNodeDefaults(options));
}

/** `options` with the Node.js defaults for what it leaves out; explicit options win. */
function withNodeDefaults(options: Partial<LockOptions> | null): LockOptions {
  if (options === null) options = {};
  if (typeof options !== 'object') throw new TypeError('Expected `options` to be an object');
  const { fs, clock, random, identity, ...rest } = options;
  return {
    ...rest,
    fs: fs ?? defaultAdapter(),
    clock: clock ?? systemClock,
    random: random ?? nodeRandom,
    identity: identity ?? nodeIdentity(),
  };
}

/**
 * `path` made absolute when it is a usable lock file path; anything else is passed through
 * unchanged, so that core rejects it with its documented TypeError (resolving would turn
 * `dir/` or `dir/..` into a valid-looking directory path).
 */
function absolute(path: string): string {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) return path;
  if (path.endsWith('/') || /(^|\/)\.\.?$/.test(path)) return path;
  return resolve(path);
}
