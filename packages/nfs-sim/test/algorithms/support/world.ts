import { SeededRandom } from '@linklock/faulty';
import { Volume } from 'memfs';
import type { LockAlgorithm, LockInstance } from '../../../src/algorithms/algorithm.js';
import { HookedFs } from './hooked-fs.js';
import { MemfsLegacyFs } from './memfs-legacy-fs.js';
import { RecordingLogger } from './recording-logger.js';
import type { TestClock } from './test-time.js';
import { TestTime } from './test-time.js';

export const LOCK_DIR = '/locks';
export const LOCKFILE = `${LOCK_DIR}/jobs.lock`;
export const LIFETIME_MS = 15_000;
export const CLOCK_SLOP_MS = 10_000;

/** One simulated process running a reference algorithm. */
export interface TestProcess {
  name: string;
  lock: LockInstance;
  fs: HookedFs;
  clock: TestClock;
  logger: RecordingLogger;
  /** Messages passed to `onCompromised`. */
  compromised: string[];
}

/**
 * Processes sharing one lock directory on one memfs disk and one deterministic time line,
 * each with its own hooked view of the disk, logger, clock and seeded randomness.
 */
export class World {
  readonly time = new TestTime();
  readonly volume = new Volume();
  readonly disk = new MemfsLegacyFs(this.volume, this.time.clock());
  readonly #algorithm: LockAlgorithm;
  #nextPid = 100;

  constructor(algorithm: LockAlgorithm) {
    this.#algorithm = algorithm;
    this.volume.mkdirSync(LOCK_DIR, { recursive: true });
  }

  process(name: string): TestProcess {
    const fs = new HookedFs(this.disk);
    const clock = this.time.clock();
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
    return { name, lock, fs, clock, logger, compromised };
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
