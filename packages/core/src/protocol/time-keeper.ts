import type { Clock } from '../contracts/clock.js';
import type { FsAdapter, FsStats } from '../contracts/fs-adapter.js';
import type { TimeSource } from './owner-record.js';

/**
 * Reads "now" on either clock an expiry may be measured on (H6).
 *
 * In filesystem time mode expiries are written and compared in the file server's clock: a
 * freshly created file's mtime is stamped by the server, and the client that created it sees
 * that stamp fresh, so creating a file and statting it tells the offset between this
 * process's clock and the server's. The estimate is shared by all locks of a process that use
 * one adapter, clock and directory, and is renewed after {@link ESTIMATE_MAX_AGE_MS}, so the
 * uncontended path rarely pays for it.
 */
export const ESTIMATE_MAX_AGE_MS = 60_000;

/**
 * How far the server's clock and this host's monotonic clock may run apart, per millisecond of
 * an estimate's age: NTP slews a disciplined clock by at most 500 ppm, and both may be slewed.
 */
export const MAX_RATE_DIFFERENCE = 0.001;

interface OffsetEstimate {
  offsetMs: number;
  /** The server's clock when `measuredAtMonotonicMs` was read (the end of the measurement). */
  serverAtMeasurementMs: number;
  /** How far off the estimate may have been when it was made: half the round trip and of the mtime resolution. */
  errorMs: number;
  measuredAtMs: number;
  /** The monotonic clock at the measurement, when the injected clock has one. */
  measuredAtMonotonicMs: number | undefined;
}

/** A wall clock that moved this much more or less than the monotonic one was stepped. */
const STEP_TOLERANCE_MS = 1_000;

const estimates = new WeakMap<FsAdapter, WeakMap<Clock, Map<string, OffsetEstimate>>>();

export class TimeKeeper {
  readonly #fs: FsAdapter;
  readonly #clock: Clock;
  readonly #directory: string;
  #shared: Map<string, OffsetEstimate> | undefined;

  constructor(fs: FsAdapter, clock: Clock, directory: string) {
    this.#fs = fs;
    this.#clock = clock;
    this.#directory = directory;
  }

  localNow(): number {
    return this.#clock.now();
  }

  /** A moment to measure ages from: on the monotonic clock when there is one (steps do not count). */
  stamp(): number {
    return this.#clock.monotonic?.() ?? this.#clock.now();
  }

  /** Milliseconds since `stamp()` returned `stampMs`. */
  ageMs(stampMs: number): number {
    return this.stamp() - stampMs;
  }

  /** Whether `now('filesystem')` needs a measurement first (none yet, or older than `maxAgeMs`). */
  needsCalibration(maxAgeMs = ESTIMATE_MAX_AGE_MS): boolean {
    const estimate = this.#estimates().get(this.#directory);
    if (estimate === undefined) return true;
    const age = this.localNow() - estimate.measuredAtMs;
    // A negative age: this clock was stepped back since the measurement.
    if (age > maxAgeMs || age < 0 || Number.isNaN(age)) return true;
    const monotonic = this.#clock.monotonic?.();
    if (monotonic === undefined || estimate.measuredAtMonotonicMs === undefined) return false;
    // The wall clock ran ahead of or behind the monotonic one: it was stepped.
    return Math.abs(age - (monotonic - estimate.measuredAtMonotonicMs)) > STEP_TOLERANCE_MS;
  }

  /**
   * Records the server's clock as seen in the stats of a file this process created between
   * `localBeforeMs` and `localAfterMs`.
   */
  calibrate(localBeforeMs: number, localAfterMs: number, stats: FsStats): void {
    const resolution = this.mtimeResolutionMs();
    // The server stamped the file somewhere in [mtime, mtime + resolution), and somewhere in
    // the round trip: its midpoint is off by at most half of each.
    const serverMs = stats.mtimeMs + resolution / 2;
    const roundTripMs = Math.max(localAfterMs - localBeforeMs, 0);
    const localMs = localBeforeMs + roundTripMs / 2;
    this.#estimates().set(this.#directory, {
      offsetMs: serverMs - localMs,
      serverAtMeasurementMs: serverMs + roundTripMs / 2,
      errorMs: (roundTripMs + resolution) / 2,
      measuredAtMs: localAfterMs,
      measuredAtMonotonicMs: this.#clock.monotonic?.(),
    });
  }

  /** The mtime granularity the adapter declares (never negative). */
  mtimeResolutionMs(): number {
    return Math.max(this.#fs.capabilities.mtimeResolutionMs, 0);
  }

  /**
   * Now, on the given clock. Filesystem time needs a calibration (see {@link needsCalibration}).
   * It runs on from the measurement on the monotonic clock when there is one, so a step of this
   * host's wall clock, however small, leaves it alone.
   */
  now(source: TimeSource): number {
    if (source === 'local') return this.localNow();
    const estimate = this.#estimate();
    const monotonic = this.#clock.monotonic?.();
    if (monotonic === undefined || estimate.measuredAtMonotonicMs === undefined)
      return this.localNow() + estimate.offsetMs;
    return estimate.serverAtMeasurementMs + (monotonic - estimate.measuredAtMonotonicMs);
  }

  /**
   * How far `now('filesystem')` may be from the server's clock: the estimate's error when it was
   * made, plus what the two clocks may have drifted apart since (docs/protocol.md, "Time").
   */
  uncertaintyMs(): number {
    const estimate = this.#estimate();
    const monotonic = this.#clock.monotonic?.();
    const age =
      monotonic === undefined || estimate.measuredAtMonotonicMs === undefined
        ? this.localNow() - estimate.measuredAtMs
        : monotonic - estimate.measuredAtMonotonicMs;
    return estimate.errorMs + Math.abs(age) * MAX_RATE_DIFFERENCE;
  }

  /**
   * The expiry of a lease of `lifetime` starting now, on the given clock. On the server's clock
   * it is pushed later by this process's uncertainty, so that the written expiry is never
   * earlier than the true one (a waiter then needs to allow only for its own).
   */
  expiryAfter(lifetime: number, source: TimeSource): number {
    const expiry = this.now(source) + lifetime;
    return source === 'local' ? expiry : expiry + this.uncertaintyMs();
  }

  /** Converts a time on the given clock to this process's clock. */
  toLocal(time: number, source: TimeSource): number {
    return time - (this.now(source) - this.localNow());
  }

  #estimate(): OffsetEstimate {
    const estimate = this.#estimates().get(this.#directory);
    if (estimate === undefined)
      throw new Error('linklock: filesystem time used before calibration');
    return estimate;
  }

  /** The estimates shared with every TimeKeeper of this adapter and clock, by directory. */
  #estimates(): Map<string, OffsetEstimate> {
    // Looked up once: the two weak maps are consulted several times per acquisition otherwise.
    this.#shared ??= sharedEstimates(this.#fs, this.#clock);
    return this.#shared;
  }
}

function sharedEstimates(fs: FsAdapter, clock: Clock): Map<string, OffsetEstimate> {
  let byClock = estimates.get(fs);
  if (byClock === undefined) {
    byClock = new WeakMap();
    estimates.set(fs, byClock);
  }
  let byDirectory = byClock.get(clock);
  if (byDirectory === undefined) {
    byDirectory = new Map();
    byClock.set(clock, byDirectory);
  }
  return byDirectory;
}
