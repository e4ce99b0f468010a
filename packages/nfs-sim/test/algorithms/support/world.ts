import { RecordingLogger, VirtualClock, type VirtualClockView } from '@linklock/conformance';
import { FaultyFs, type Op, SeededRandom } from '@linklock/faulty';
import { Volume } from 'memfs';
import type { LegacyFs, LockAlgorithm, LockInstance } from '../../../src/algorithms/algorithm.js';
import { MemfsLegacyFs } from './memfs-legacy-fs.js';

export const LOCK_DIR = '/locks';
export const LOCKFILE = `${LOCK_DIR}/jobs.lock`;
export const LIFETIME_MS = 15_000;
export const CLOCK_SLOP_MS = 10_000;

/** One simulated process running a reference algorithm. */
export interface TestProcess {
  name: string;
  lock: LockInstance;
  /** Its door to the shared disk: rules fail its calls, `history()` lists them. */
  fs: FaultyFs & LegacyFs;
  clock: VirtualClockView;
  logger: RecordingLogger;
  /** Messages passed to `onCompromised`. */
  compromised: string[];
  /**
   * Runs `step` (awaited; another process's, usually) just before this process's `nth` call of
   * `op` on `path`, which then goes on: a pause hook of its FaultyFs.
   */
  before(op: Op, path: string, step: () => unknown, nth?: number): void;
  /** Its calls so far as `op name outcome`, the lock file named `lock` and its claims `claim`. */
  trace(): string[];
}

export interface ProcessOptions {
  /** Wraps the shared disk for this process, e.g. in one whose attributes lie. */
  wrap?: (disk: LegacyFs) => LegacyFs;
}

/**
 * Processes sharing one lock directory on one memfs disk and one virtual time line, each with
 * its own FaultyFs over the disk, logger, clock and seeded randomness.
 */
export class World {
  readonly time = new VirtualClock(1_750_000_000_000);
  readonly volume = new Volume();
  readonly disk = new MemfsLegacyFs(this.volume, { clock: this.time });
  readonly #algorithm: LockAlgorithm;
  #nextPid = 100;

  constructor(algorithm: LockAlgorithm) {
    this.#algorithm = algorithm;
    this.volume.mkdirSync(LOCK_DIR, { recursive: true });
  }

  process(name: string, options: ProcessOptions = {}): TestProcess {
    const fs = new FaultyFs(options.wrap?.(this.disk) ?? this.disk) as FaultyFs & LegacyFs;
    const clock = this.time.view();
    const logger = new RecordingLogger();
    const compromised: string[] = [];
    const lock = this.#algorithm.create({
      lockfile: LOCKFILE,
      fs,
      clock,
      random: new SeededRandom(name),
      identity: { hostname: `host-${name}`, pid: this.#nextPid++ },
      logger,
      lifetimeMs: LIFETIME_MS,
      clockSlopMs: CLOCK_SLOP_MS,
      onCompromised: (message) => compromised.push(message),
    });
    return {
      name,
      lock,
      fs,
      clock,
      logger,
      compromised,
      before: (op, path, step, nth = 1) => {
        const gate = fs.pause({ op, path, nth });
        void gate.reached.then(async () => {
          try {
            await step();
          } finally {
            gate.release();
          }
        });
      },
      trace: () =>
        fs.history().map(({ op, paths, outcome }) => {
          const path = (op === 'link' ? paths[1] : paths[0]) ?? '';
          const shown = path === LOCKFILE ? 'lock' : path.startsWith(LOCKFILE) ? 'claim' : path;
          return `${op} ${shown} ${outcome}`;
        }),
    };
  }

  /** The names in the lock directory, sorted. */
  files(): string[] {
    return (this.volume.readdirSync(LOCK_DIR) as unknown[]).map(String).sort();
  }

  /** The lock file's content, or null when there is none. */
  lockContent(): string | null {
    return this.volume.existsSync(LOCKFILE)
      ? String(this.volume.readFileSync(LOCKFILE, 'utf8'))
      : null;
  }
}
