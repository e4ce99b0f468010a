import { RecordingLogger, VirtualClock, type VirtualClockView } from '@linklock/conformance';
import {
  type Clock,
  type FsAdapter,
  type FsCapabilities,
  type HostIdentity,
  Lock,
  type LockOptions,
  ReadWriteLock,
} from '@linklock/core';
import { FaultyFs, SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';

export const DIR = '/locks';
export const LOCKFILE = `${DIR}/jobs.lock`;

export interface ProcessOptions {
  hostname?: string;
  pid?: number;
  bootId?: string;
  pidNamespace?: string;
  /** This process's clock, ahead of the file server's by this much (H6); a function may step it. */
  clockOffsetMs?: number | (() => number);
  capabilities?: Partial<FsCapabilities>;
  /** Wraps the shared volume's adapter, e.g. in an adapter with untrustworthy attributes. */
  wrap?: (fs: FsAdapter) => FsAdapter;
  /** Wraps this process's virtual clock, e.g. to see the timers the lock arms. */
  wrapClock?: (clock: Clock) => Clock;
  lock?: Partial<Omit<LockOptions, 'fs' | 'clock' | 'random' | 'identity' | 'logger'>>;
  /** The lock file, if not {@link LOCKFILE} (in {@link DIR}, for `files()` to list it). */
  lockfile?: string;
}

export interface SimulatedProcess {
  name: string;
  lock: Lock;
  /**
   * A shared lock on the same path with the same options (use one of `lock` and `rw`), made
   * when first used (a `Lock`'s options may not suit one: `fair`).
   */
  readonly rw: ReadWriteLock;
  /**
   * This process's door to the shared disk: pause one of its calls to put other processes'
   * steps in between (`fs.pause`), fail one (`fs.addRule`), count them (`fs.history`).
   */
  fs: FaultyFs;
  logger: RecordingLogger;
  identity: HostIdentity;
  clock: VirtualClockView;
  /** Makes this process's pid dead, as a crash would. */
  crash(): void;
}

/**
 * Several simulated processes (each a `Lock` with its own identity, clock, logger and FaultyFs)
 * over one memfs volume whose mtimes follow virtual time: the stage for the hazard tests.
 * Processes on one hostname share a boot and pid namespace unless told otherwise.
 */
export class World {
  readonly volume = new Volume();
  readonly time = new VirtualClock(1_750_000_000_000);
  /**
   * The shared disk. With LINKLOCK_THROUGH_FAULTY set (the `through-faulty` test project), it is
   * reached through a FaultyFs with no faults: the same tests prove that wrapper transparent.
   */
  readonly server: FsAdapter = throughFaultyIfAsked(
    new MemfsAdapter(this.volume, { clock: this.time }),
  );
  readonly #alive = new Set<string>();
  #nextPid = 100;
  #seed = 1;

  constructor() {
    this.volume.mkdirSync(DIR, { recursive: true });
  }

  process(name: string, options: ProcessOptions = {}): SimulatedProcess {
    const hostname = options.hostname ?? 'host-a';
    const pid = options.pid ?? this.#nextPid++;
    this.#alive.add(`${hostname}/${pid}`);
    const identity: HostIdentity = {
      hostname,
      pid,
      bootId: options.bootId ?? `boot-${hostname}`,
      pidNamespace: options.pidNamespace ?? 'pid:[4026531836]',
      isProcessAlive: (other) => this.#alive.has(`${hostname}/${other}`),
    };
    const disk = options.wrap?.(this.server) ?? this.server;
    const { capabilities } = options;
    const fs = new FaultyFs(disk, capabilities === undefined ? {} : { capabilities });
    const logger = new RecordingLogger();
    const clock = this.time.view(options.clockOffsetMs ?? 0);
    const lockOptions: LockOptions = {
      fs,
      clock: options.wrapClock?.(clock) ?? clock,
      random: new SeededRandom(`${name}/${this.#seed++}`),
      identity,
      logger,
      ...options.lock,
    };
    let rw: ReadWriteLock | undefined;
    return {
      name,
      lock: new Lock(options.lockfile ?? LOCKFILE, lockOptions),
      get rw() {
        rw ??= new ReadWriteLock(options.lockfile ?? LOCKFILE, lockOptions);
        return rw;
      },
      fs,
      logger,
      identity,
      clock,
      crash: () => this.#alive.delete(`${hostname}/${pid}`),
    };
  }

  /** The names in the lock directory, sorted. */
  files(): string[] {
    return (this.volume.readdirSync(DIR) as string[]).map(String).sort();
  }

  read(name: string): string {
    return String(this.volume.readFileSync(`${DIR}/${name}`, 'utf8'));
  }
}

function throughFaultyIfAsked(disk: FsAdapter): FsAdapter {
  return process.env.LINKLOCK_THROUGH_FAULTY ? new FaultyFs(disk, {}) : disk;
}
