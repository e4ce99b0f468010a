import type { Clock } from './contracts/clock.js';
import type { FsAdapter } from './contracts/fs-adapter.js';
import type { HostIdentity } from './contracts/host-identity.js';
import type { Logger } from './contracts/logger.js';
import { silentLogger } from './contracts/logger.js';
import type { Random } from './contracts/random.js';
import type { LockCompromisedError } from './errors/lock-errors.js';
import { NAME_MAX_BYTES, utf8Length } from './protocol/name-stem.js';
import type { TimeSource } from './protocol/owner-record.js';

/** Options of a {@link Lock}. All times are milliseconds. */
export interface LockOptions {
  /** The filesystem. Required in core; `createLock()` of the `linklock` package supplies the real one. */
  fs: FsAdapter;
  /** Required in core; `createLock()` supplies the system clock. */
  clock?: Clock;
  /** Required in core; `createLock()` supplies one backed by `node:crypto`. */
  random?: Random;
  /** Required in core; `createLock()` supplies this process's identity. */
  identity?: HostIdentity;
  /** @default a logger that says nothing */
  logger?: Logger;
  /** How long a lock is valid after its last refresh. @default 15_000 */
  lifetime?: number;
  /**
   * Extra time after a lock's expiry before it may be broken, for both time sources when given.
   * @default 10_000 for expiries on the hosts' own clocks (flufl.lock's value); on the file
   * server's clock, this process's error in reading that clock, at least 1 s + the mtime
   * resolution (docs/protocol.md, "Time")
   */
  clockSlop?: number;
  /** Which clock expiries are measured on (docs/protocol.md, "Time"; H6). @default 'filesystem' */
  timeSource?: TimeSource;
  /** Refresh every lifetime/3 while held, on an unref'd timer. @default true */
  autoRefresh?: boolean;
  /** Called when a held lock is found lost. @default log at error level */
  onCompromised?: (error: LockCompromisedError) => void;
  /** Bounds of the jittered exponential backoff between attempts while waiting. @default { minDelay: 10, maxDelay: 1_000 } */
  retry?: { minDelay?: number; maxDelay?: number };
  /** Assign a fencing token at each acquisition. @default false */
  fencing?: boolean;
  /**
   * Fair waiting: `lock()` callers take the lock in the order they asked for it, a releaser that
   * asks again queuing behind those already waiting (docs/protocol.md, "Fair waiting"). Costs a
   * directory listing per attempt. `tryLock()` takes a free lock whatever the queue. @default false
   */
  fair?: boolean;
}

/** The options after validation, with every default filled in. */
export interface ResolvedLockOptions {
  fs: FsAdapter;
  clock: Clock;
  random: Random;
  identity: HostIdentity;
  logger: Logger;
  lifetime: number;
  /** As given; `undefined`: it follows the time source of each record judged (protocol/clock-slop.ts). */
  clockSlop: number | undefined;
  timeSource: TimeSource;
  autoRefresh: boolean;
  onCompromised: ((error: LockCompromisedError) => void) | undefined;
  minDelay: number;
  maxDelay: number;
  fencing: boolean;
  fair: boolean;
}

export const DEFAULT_LIFETIME = 15_000;
/** The clock slop for expiries on the hosts' own clocks (`timeSource: 'local'`) unless given. */
export const DEFAULT_CLOCK_SLOP = 10_000;
export const DEFAULT_MIN_DELAY = 10;
export const DEFAULT_MAX_DELAY = 1_000;

export function resolveOptions(options: LockOptions): ResolvedLockOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Lock options must be an object with at least `fs`');
  }
  const fs = required(options.fs, 'fs');
  const minDelay = options.retry?.minDelay ?? DEFAULT_MIN_DELAY;
  const maxDelay = options.retry?.maxDelay ?? Math.max(DEFAULT_MAX_DELAY, minDelay);
  checkFinite(minDelay, 'retry.minDelay', 0);
  checkFinite(maxDelay, 'retry.maxDelay', 0);
  if (maxDelay < minDelay) {
    throw new RangeError(
      `Expected \`retry.maxDelay\` (${maxDelay}) to be at least \`retry.minDelay\` (${minDelay})`,
    );
  }
  const timeSource = options.timeSource ?? 'filesystem';
  if (timeSource !== 'filesystem' && timeSource !== 'local') {
    throw new TypeError("Expected `timeSource` to be 'filesystem' or 'local'");
  }
  if (options.onCompromised !== undefined && typeof options.onCompromised !== 'function') {
    throw new TypeError('Expected `onCompromised` to be a function');
  }
  return {
    fs,
    clock: required(options.clock, 'clock'),
    random: required(options.random, 'random'),
    identity: checkIdentity(required(options.identity, 'identity')),
    logger: options.logger ?? silentLogger,
    lifetime: checkLifetime(options.lifetime ?? DEFAULT_LIFETIME, 'lifetime'),
    clockSlop: optionalFinite(options.clockSlop, 'clockSlop', 0),
    timeSource,
    autoRefresh: options.autoRefresh ?? true,
    onCompromised: options.onCompromised,
    minDelay,
    maxDelay,
    fencing: options.fencing ?? false,
    fair: checkBoolean(options.fair, 'fair'),
  };
}

/** An optional boolean option: false when not given. */
function checkBoolean(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`Expected \`${name}\` to be a boolean`);
  return value;
}

/** Validates the lock file path given to `new Lock()`. */
export function checkLockfile(lockfile: unknown): string {
  if (typeof lockfile !== 'string') {
    throw new TypeError(`Expected the lock file path to be a string, got ${typeof lockfile}`);
  }
  if (lockfile === '') throw new TypeError('Expected the lock file path to be a non-empty string');
  if (lockfile.includes('\0'))
    throw new TypeError('The lock file path must not contain a NUL byte');
  if (lockfile.endsWith('/') || /(^|\/)\.\.?$/.test(lockfile)) {
    throw new TypeError(`The lock file path must name a file, got '${lockfile}'`);
  }
  checkNameLength(lockfile.slice(lockfile.lastIndexOf('/') + 1));
  return lockfile;
}

/**
 * A lock file name longer than NAME_MAX could never be created: said before any file is made,
 * with the `code` a filesystem would give. (The lock's own names always fit: docs/protocol.md,
 * "Files".)
 */
function checkNameLength(basename: string): void {
  const bytes = utf8Length(basename);
  if (bytes <= NAME_MAX_BYTES) return;
  throw Object.assign(
    new RangeError(
      `The lock file name '${basename}' is ${bytes} bytes long (UTF-8); a file name can have at most ${NAME_MAX_BYTES}: choose a shorter name (only the last part of the path is limited so)`,
    ),
    { code: 'ENAMETOOLONG' },
  );
}

/** A lifetime: positive and finite. */
export function checkLifetime(value: unknown, name: string): number {
  checkFinite(value, name, 0);
  if ((value as number) <= 0)
    throw new RangeError(`Expected \`${name}\` to be greater than 0, got ${value}`);
  return value as number;
}

/** A timeout: zero or more; Infinity (the default) waits forever. */
export function checkTimeout(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `Expected \`timeout\` to be a number of milliseconds >= 0, got ${String(value)}`,
    );
  }
  return value;
}

export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || !('aborted' in value)) {
    throw new TypeError('Expected `signal` to be an AbortSignal');
  }
  return value as AbortSignal;
}

function checkFinite(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`Expected \`${name}\` to be a finite number, got ${String(value)}`);
  }
  if (value < min) throw new RangeError(`Expected \`${name}\` to be >= ${min}, got ${value}`);
  return value;
}

/** A number option left out (or null) stays undefined: its default depends on more than options. */
function optionalFinite(value: unknown, name: string, min: number): number | undefined {
  return value === undefined || value === null ? undefined : checkFinite(value, name, min);
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null) {
    throw new TypeError(
      `Lock option \`${name}\` is required in @linklock/core (createLock() of 'linklock' supplies it)`,
    );
  }
  return value;
}

function checkIdentity(identity: HostIdentity): HostIdentity {
  if (typeof identity.hostname !== 'string' || identity.hostname === '') {
    throw new TypeError('Expected `identity.hostname` to be a non-empty string');
  }
  if (!Number.isSafeInteger(identity.pid) || identity.pid < 0) {
    throw new TypeError('Expected `identity.pid` to be a non-negative integer');
  }
  return identity;
}
