import { promises as fsp, linkSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLock, NodeFsAdapter, nodeIdentity } from 'linklock';
import * as lockfile from 'lockfile';
import * as properLockfile from 'proper-lockfile';

/** One lock, opened on one resource: what every workload drives. */
export interface LockHandle {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

/** How a scenario wants the lock set up; a library applies what it has an equivalent for. */
export interface Scenario {
  /** How long before a holder that stopped refreshing counts as dead (lifetime / stale). */
  staleMs?: number;
  /** Play a holder on another host: its process cannot be checked for liveness. */
  otherHost?: boolean;
  /** linklock: only the lifetime is `staleMs`; the clock slop keeps its default. */
  defaultSlop?: boolean;
}

/** A library under test at one configuration. */
export interface Library {
  /** Stable key, used in `--json` output and on child command lines. */
  id: string;
  /** The row name in tables. */
  label: string;
  /** The settings, stated in the report. */
  settings: string;
  /** Opens a lock on the resource `dir/resource`; each library gets a directory of its own. */
  open(dir: string, scenario?: Scenario): LockHandle;
}

const RESOURCE = 'resource';
/** Long enough for every wait of every workload; the waits end by acquiring, never by this. */
const WAIT_FOREVER_MS = 600_000;

function linklock(id: string, label: string, mode: 'auto' | 'async' | 'fair'): Library {
  const settings = {
    auto: 'createLock() defaults: sync calls on local disks, directory watch + backoff 10–1,000 ms',
    async: "NodeFsAdapter({ mode: 'async' }): every call through libuv's thread pool",
    fair: 'createLock(path, { fair: true }): waiters take the lock in the order they asked',
  };
  return {
    id,
    label,
    settings: settings[mode],
    open(dir, scenario = {}) {
      const lock = createLock(join(dir, `${RESOURCE}.lock`), {
        ...(mode === 'async' ? { fs: new NodeFsAdapter({ mode: 'async' }) } : {}),
        ...(mode === 'fair' ? { fair: true } : {}),
        ...(scenario.staleMs !== undefined ? { lifetime: scenario.staleMs } : {}),
        ...(scenario.staleMs !== undefined && !scenario.defaultSlop
          ? { clockSlop: scenario.staleMs / 2 }
          : {}),
        ...(scenario.otherHost ? { identity: nodeIdentity({ hostname: 'bench-other-host' }) } : {}),
      });
      return { acquire: () => lock.lock(), release: () => lock.unlock() };
    },
  };
}

function properLockfileLibrary(
  id: string,
  label: string,
  settings: string,
  options: properLockfile.LockOptions,
): Library {
  return {
    id,
    label,
    settings,
    open(dir, scenario = {}) {
      const resource = join(dir, RESOURCE);
      // With realpath on, proper-lockfile resolves the resource, which must therefore exist.
      writeFileSync(resource, '');
      const lockOptions = { ...options, ...(scenario.staleMs ? { stale: scenario.staleMs } : {}) };
      let release: (() => Promise<void>) | undefined;
      return {
        async acquire() {
          release = await properLockfile.lock(resource, lockOptions);
        },
        async release() {
          await release?.();
          release = undefined;
        },
      };
    },
  };
}

/** proper-lockfile's retries: first after 1 ms, doubling to 50 ms, for as long as it takes. */
const PROPER_BACKOFF = { retries: 10, forever: true, minTimeout: 1, maxTimeout: 50 };
/** A retry every millisecond: its fastest hand-off, bought with CPU. */
const PROPER_POLL = { retries: 10, forever: true, factor: 1, minTimeout: 1, maxTimeout: 1 };

function lockfileLibrary(id: string, label: string, pollPeriod: number): Library {
  return {
    id,
    label,
    settings: `lock(path, { wait: ${WAIT_FOREVER_MS}, pollPeriod: ${pollPeriod} })`,
    open(dir, scenario = {}) {
      const path = join(dir, `${RESOURCE}.lock`);
      const options: lockfile.Options = {
        wait: WAIT_FOREVER_MS,
        pollPeriod,
        ...(scenario.staleMs ? { stale: scenario.staleMs } : {}),
      };
      return {
        acquire: () => callback((done) => lockfile.lock(path, options, done)),
        release: () => callback((done) => lockfile.unlock(path, done)),
      };
    },
  };
}

function callback(start: (done: (error: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    start((error) => (error ? reject(error) : resolve()));
  });
}

/** The libraries that contend across processes, by id. */
export const CONTENDERS: readonly Library[] = [
  linklock('linklock', 'linklock', 'auto'),
  properLockfileLibrary(
    'proper-lockfile',
    'proper-lockfile (backoff 1–50 ms)',
    'lock(file, { realpath: false, retries: { forever: true, minTimeout: 1, maxTimeout: 50 } })',
    { realpath: false, retries: PROPER_BACKOFF },
  ),
  properLockfileLibrary(
    'proper-lockfile-poll',
    'proper-lockfile (poll 1 ms)',
    'lock(file, { realpath: false, retries: { forever: true, factor: 1, minTimeout: 1, maxTimeout: 1 } })',
    { realpath: false, retries: PROPER_POLL },
  ),
  lockfileLibrary('lockfile', 'lockfile (poll 1 ms)', 1),
];

/** Synchronous APIs, timed in the same loop as the promise-based ones. */
function syncLibrary(
  id: string,
  label: string,
  settings: string,
  open: (dir: string) => { acquire(): void; release(): void },
): Library {
  return {
    id,
    label,
    settings,
    open(dir) {
      const handle = open(dir);
      return {
        acquire: async () => handle.acquire(),
        release: async () => handle.release(),
      };
    },
  };
}

/**
 * The floor: the system calls of one claim cycle (create the claim, link it to the lock name,
 * stat it for the link count, unlink both) made directly, with nothing around them.
 */
function claimCycleFloor(id: string, label: string, sync: boolean): Library {
  const open = (dir: string): LockHandle => {
    const claim = join(dir, 'claim');
    const lock = join(dir, `${RESOURCE}.lock`);
    if (sync) {
      return {
        async acquire() {
          writeFileSync(claim, 'x', { flag: 'wx' });
          linkSync(claim, lock);
          statSync(claim);
        },
        async release() {
          unlinkSync(lock);
          unlinkSync(claim);
        },
      };
    }
    return {
      async acquire() {
        await fsp.writeFile(claim, 'x', { flag: 'wx' });
        await fsp.link(claim, lock);
        await fsp.stat(claim);
      },
      async release() {
        await fsp.unlink(lock);
        await fsp.unlink(claim);
      },
    };
  };
  return {
    id,
    label,
    settings: `open(wx) + write + close, link, stat, unlink × 2 (${sync ? 'sync' : 'promise'} calls)`,
    open,
  };
}

/** Every configuration of the uncontended workload, peers and floors included. */
export const UNCONTENDED: readonly Library[] = [
  linklock('linklock', 'linklock', 'auto'),
  linklock('linklock-async', 'linklock (async adapter)', 'async'),
  properLockfileLibrary(
    'proper-lockfile',
    'proper-lockfile (realpath off)',
    'lock(file, { realpath: false })',
    {
      realpath: false,
    },
  ),
  properLockfileLibrary(
    'proper-lockfile-realpath',
    'proper-lockfile (realpath on)',
    'lock(file) (realpath: true, its default)',
    {},
  ),
  syncLibrary(
    'proper-lockfile-sync',
    'proper-lockfile lockSync',
    'lockSync(file, { realpath: false })',
    (dir) => {
      const resource = join(dir, RESOURCE);
      let release: (() => void) | undefined;
      return {
        acquire: () => {
          release = properLockfile.lockSync(resource, { realpath: false });
        },
        release: () => release?.(),
      };
    },
  ),
  lockfileLibrary('lockfile', 'lockfile', 1),
  syncLibrary('lockfile-sync', 'lockfile lockSync', 'lockSync(path)', (dir) => {
    const path = join(dir, `${RESOURCE}.lock`);
    return { acquire: () => lockfile.lockSync(path), release: () => lockfile.unlockSync(path) };
  }),
  claimCycleFloor('floor-async', 'floor: claim cycle (async)', false),
  claimCycleFloor('floor-sync', 'floor: claim cycle (sync)', true),
  {
    id: 'floor-mkdir',
    label: 'floor: mkdir + rmdir (async)',
    settings: "proper-lockfile's two system calls, made directly",
    open(dir) {
      const path = join(dir, `${RESOURCE}.lock`);
      return {
        acquire: () => fsp.mkdir(path),
        release: () => fsp.rmdir(path),
      };
    },
  },
];

/** The libraries of the fairness workload: the contenders and linklock's fair mode. */
export const FAIRNESS: readonly Library[] = [
  ...CONTENDERS.slice(0, 1),
  linklock('linklock-fair', 'linklock (fair: true)', 'fair'),
  ...CONTENDERS.slice(1),
];

export function contenderNamed(id: string): Library {
  const library = FAIRNESS.find((candidate) => candidate.id === id);
  if (library === undefined) throw new Error(`unknown library ${JSON.stringify(id)}`);
  return library;
}
