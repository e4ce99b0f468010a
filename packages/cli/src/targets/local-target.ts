import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LockDefaults } from '@linklock/inversify';
import { foreignKind } from '../file-kind.js';
import { lockOn, readWriteLockOn } from '../locks.js';
import { type LockTarget, slotCountOf } from './lock-target.js';

/** A lock on this machine's filesystem (a local disk or a kernel NFS mount). */
export function localTarget(path: string, defaults: LockDefaults): LockTarget {
  const lock = lockOn(path, defaults);
  return {
    name: lock.lockfile,
    lock,
    readWriteLock: readWriteLockOn(path, defaults),
    async isShared() {
      return existsSync(slotCountOf(lock.lockfile));
    },
    async requireDirectory() {
      const directory = dirname(lock.lockfile);
      if (!existsSync(directory)) {
        throw Object.assign(new Error(`the directory ${directory} does not exist`), {
          code: 'ENOENT',
        });
      }
    },
    async describeForeign() {
      return foreignKind(await lstat(lock.lockfile));
    },
    // Nothing is held open: the node adapter's calls end with them.
    async close() {},
  };
}
