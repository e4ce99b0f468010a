import { type FsAdapter, Lock, type LockOptions } from '@linklock/core';
import { joinPath } from '../support/join-path.js';
import { RealTimeLine } from '../support/real-time-line.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { SuiteRandom } from '../support/suite-random.js';
import type { VirtualClock, VirtualClockView } from '../support/virtual-clock.js';
import { storageFollows, type TimeMode, type Timing, timingFor } from './time-modes.js';

/** Long enough that no lease lapses during a case unless the case means it to. */
export const LONG_LIFETIME_MS = 3_600_000;

/** Which of the two views of the storage a process uses: 0 on host-a, 1 on host-b. */
export type View = 0 | 1;

export interface StagedLock {
  lock: Lock;
  logger: RecordingLogger;
  hostname: string;
}

type Tunables = Pick<LockOptions, 'lifetime' | 'clockSlop'>;

/** The time line a case runs on: virtual, or real for storage that keeps its own time. */
export type TimeLine = Pick<VirtualClock, 'now' | 'monotonic' | 'sleep' | 'view' | 'stop'>;

/**
 * One case's world: two views of one storage (two processes, on two hosts), the clock of each
 * host, and the locks made for the case, all released when it ends. The locks measure expiries
 * on the mode's time source and never refresh by themselves: a holder that stops refreshing is
 * how a case makes a lease lapse.
 *
 * In local time both hosts read one virtual clock, so nothing depends on the storage's mtimes.
 * In filesystem time the hosts' clocks are skewed and the locks go by the storage's clock: on
 * the virtual clock when the storage stamps times with it, else (a real disk, a real server) in
 * real time, with shorter spans ({@link Timing}).
 */
export class LockStage {
  readonly clock: TimeLine;
  readonly views: readonly [FsAdapter, FsAdapter];
  readonly root: string;
  readonly lockPath: string;
  readonly mode: TimeMode;
  readonly timing: Timing;
  readonly #hostClocks: readonly [VirtualClockView, VirtualClockView];
  readonly #made: StagedLock[] = [];

  private constructor(
    views: readonly [FsAdapter, FsAdapter],
    root: string,
    clock: TimeLine,
    mode: TimeMode,
    timing: Timing,
  ) {
    this.views = views;
    this.root = root;
    this.clock = clock;
    this.mode = mode;
    this.timing = timing;
    this.lockPath = joinPath(root, 'jobs.lock');
    this.#hostClocks = [clock.view(mode.skewMs[0]), clock.view(mode.skewMs[1])];
  }

  /** The stage of a case in `mode`, over fresh storage whose case clock is `clock`. */
  static async open(
    views: readonly [FsAdapter, FsAdapter],
    root: string,
    clock: VirtualClock,
    mode: TimeMode,
  ): Promise<LockStage> {
    const real = mode.timeSource === 'filesystem' && !(await storageFollows(clock, views[0], root));
    const line: TimeLine = real ? new RealTimeLine() : clock;
    return new LockStage(views, root, line, mode, timingFor(mode, real, views));
  }

  /** A new process's lock on view `view`, on that host's clock. */
  lock(view: View, tunables: Tunables = {}): StagedLock {
    const hostname = view === 0 ? 'host-a' : 'host-b';
    const pid = 100 + this.#made.length;
    const logger = new RecordingLogger();
    const lock = new Lock(this.lockPath, {
      fs: this.views[view],
      clock: this.#hostClocks[view],
      random: new SuiteRandom(`${hostname}/${pid}`),
      identity: { hostname, pid },
      logger,
      timeSource: this.mode.timeSource,
      autoRefresh: false,
      lifetime: LONG_LIFETIME_MS,
      clockSlop: this.timing.clockSlopMs,
      ...tunables,
    });
    const staged = { lock, logger, hostname };
    this.#made.push(staged);
    return staged;
  }

  /** The lifetime and slop of the expiry cases. */
  get short(): Tunables {
    return { lifetime: this.timing.shortLifetimeMs, clockSlop: this.timing.clockSlopMs };
  }

  /** How long after its last refresh a lease of {@link short} may be broken. */
  get breakableAfterMs(): number {
    return this.timing.shortLifetimeMs + this.timing.clockSlopMs;
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

  /** Releases every lock of the case (errors ignored) and stops the clock. */
  async close(): Promise<void> {
    for (const { lock } of this.#made) {
      await lock.unlock({ unconditionally: true }).catch(() => undefined);
    }
    this.clock.stop();
  }
}
