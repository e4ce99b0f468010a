import { posix } from 'node:path';
import type { NfsAdapter } from '@linklock/nfs';
import { algorithmNamed } from '@linklock/nfs-sim';
import { createLock, nodeIdentity, nodeRandom, silentLogger, systemClock } from 'linklock';
import type { LockHandle } from '../libraries.js';

/** A lock algorithm run over an `NfsAdapter`. */
export interface NfsAlgorithm {
  /** Stable key, in `--json` output. */
  id: string;
  /** The row name in tables (distinct from the local libraries' labels: settings are keyed by it). */
  label: string;
  settings: string;
  /** Opens a lock on `directory/resource.lock`, `directory` being a path inside the export. */
  open(fs: NfsAdapter, directory: string): LockHandle;
}

const LOCK_NAME = 'resource.lock';
/** Nobody else uses the lock: an acquire that waits this long has met a bug, not contention. */
const ACQUIRE_TIMEOUT_MS = 30_000;
/** The reference algorithms are given linklock's defaults, so that the three compare like for like. */
const LIFETIME_MS = 15_000;
const CLOCK_SLOP_MS = 10_000;

const linklock: NfsAlgorithm = {
  id: 'linklock',
  label: 'linklock (NFS)',
  settings:
    'createLock(path, { fs: NfsAdapter }): its defaults (filesystem time, lifetime 15 s, clock slop 10 s)',
  open(fs, directory) {
    const lock = createLock(posix.join(directory, LOCK_NAME), { fs });
    return {
      acquire: () => lock.lock({ timeout: ACQUIRE_TIMEOUT_MS }),
      release: () => lock.unlock(),
    };
  },
};

/**
 * A port from `@linklock/nfs-sim` (Mailman 2.1's LockFile.py, flufl.lock) on the real clock,
 * randomness and identity: the same code the simulator runs, here against a real server.
 */
function reference(name: 'mailman21' | 'flufl', label: string): NfsAlgorithm {
  return {
    id: name,
    label,
    settings: `algorithmNamed('${name}') of @linklock/nfs-sim over NfsAdapter: lifetime 15 s, clock slop 10 s`,
    open(fs, directory) {
      const lockfile = posix.join(directory, LOCK_NAME);
      let compromised: string | undefined;
      const instance = algorithmNamed(name).create({
        lockfile,
        fs,
        clock: systemClock,
        random: nodeRandom,
        identity: nodeIdentity(),
        logger: silentLogger,
        lifetimeMs: LIFETIME_MS,
        clockSlopMs: CLOCK_SLOP_MS,
        onCompromised: (message) => {
          compromised ??= message;
        },
      });
      return {
        async acquire() {
          if (!(await instance.acquire(ACQUIRE_TIMEOUT_MS))) {
            throw new Error(`${label}: ${lockfile} not acquired in ${ACQUIRE_TIMEOUT_MS} ms`);
          }
        },
        async release() {
          await instance.release();
          if (compromised !== undefined) throw new Error(`${label}: ${compromised}`);
        },
      };
    },
  };
}

/** What the nfs workload measures, in table order. */
export const NFS_ALGORITHMS: readonly NfsAlgorithm[] = [
  linklock,
  reference('mailman21', 'Mailman 2.1 LockFile.py (NFS)'),
  reference('flufl', 'flufl.lock (NFS)'),
];
