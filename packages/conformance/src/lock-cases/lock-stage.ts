import { type FsAdapter, Lock, type LockOptions } from '@linklock/core';
import { joinPath } from '../support/join-path.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { SuiteRandom } from '../support/suite-random.js';
import type { VirtualClock } from '../support/virtual-clock.js';

/** Long enough that no lease lapses during a case unless the case means it to. */
export const LONG_LIFETIME_MS = 3_600_000;
/** The lease of the expiry cases, and the slop after it before a lock may be broken. */
export const SHORT_LIFETIME_MS = 2_000;
export const CLOCK_SLOP_MS = 1_000;

/** Which of the two views of the storage a process uses: 0 on host-a, 1 on host-b. */
export type View = 0 | 1;

export interface StagedLock {
  lock: Lock;
  logger: RecordingLogger;
  hostname: string;
}

type Tunables = Pick<LockOptions, 'lifetime' | 'clockSlop'>;

/**
 * One case's world: two views of one storage (two processes, on two hosts), a virtual clock
 * they share, and the locks made for the case, all released when it ends. Locks measure
 * expiries on that clock (`timeSource: 'local'`), so the case does not depend on how the
 * storage stamps modification times, and they never refresh by themselves: a holder that
 * stops refreshing is how a case makes a lease lapse.
 */
export class LockStage {
  readonly clock: VirtualClock;
  readonly views: readonly [FsAdapter, FsAdapter];
  readonly root: string;
  readonly lockPath: string;
  readonly #made: StagedLock[] = [];

  constructor(views: readonly [FsAdapter, FsAdapter], root: string, clock: VirtualClock) {
    this.views = views;
    this.root = root;
    this.clock = clock;
    this.lockPath = joinPath(root, 'jobs.lock');
  }

  /** A new process's lock on view `view`. */
  lock(view: View, tunables: Tunables = {}): StagedLock {
    const hostname = view === 0 ? 'host-a' : 'host-b';
    const pid = 100 + this.#made.length;
    const logger = new RecordingLogger();
    const lock = new Lock(this.lockPath, {
      fs: this.views[view],
      clock: this.clock,
      random: new SuiteRandom(`${hostname}/${pid}`),
      identity: { hostname, pid },
      logger,
      timeSource: 'local',
      autoRefresh: false,
      lifetime: LONG_LIFETIME_MS,
      clockSlop: CLOCK_SLOP_MS,
      ...tunables,
    });
    const staged = { lock, logger, hostname };
    this.#made.push(staged);
    return staged;
  }

  /** The lock's files in the directory (lock, claims, tombstones, guard), sorted. */
  async files(): Promise<string[]> {
    const names = await this.views[0].readdir(this.root);
    return names.filter((name) => name.startsWith('jobs.lock')).sort();
  }

  /** The claim files of a host's processes. */
  async claimsOf(hostname: string): Promise<string[]> {
    return (await this.files()).filter((name) => name.includes(`.claim.${hostname}.`));
  }

  /** The lock file's content, read through view `view`. */
  async lockFileContent(view: View = 1): Promise<string> {
    return (await this.views[view].read(this.lockPath, { maxBytes: 64 * 1024 })).data;
  }

  /** Releases every lock of the case (errors ignored) and freezes the clock. */
  async close(): Promise<void> {
    for (const { lock } of this.#made) {
      await lock.unlock({ unconditionally: true }).catch(() => undefined);
    }
    this.clock.stop();
  }
}
