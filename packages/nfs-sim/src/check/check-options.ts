/**
 * What the checkers need to know about the run they judge. All times are milliseconds of the
 * simulation's true (server) time, like the trace's. Validated once by
 * {@link validateCheckOptions}; every checker calls it, so a mistake is a `TypeError` that names
 * the option rather than a silently wrong verdict.
 */
export interface CheckOptions {
  /** The lock's lifetime: how long a lock is valid after its last refresh. */
  lifetimeMs: number;
  /** The lock's clock slop: extra time before an expired lock may be broken. */
  clockSlopMs: number;
  /**
   * Allowance on top of the expiry for caches, RPC latency and backoff (e.g. acregmax + a few
   * RPC timeouts + maxDelay): how long a waiter may take to notice that the lock is free.
   */
  livenessBoundMs: number;
  /** Whether tokens are expected on `cs-enter` (the lock ran with `fencing: true`). */
  fencing: boolean;
  /** The lock file's name in its directory, as the `end` event lists it. @default 'lock' */
  lockBasename?: string;
  /**
   * Whether every process exited or crashed within the run's time limit, as the simulation
   * saw it (the trace cannot tell a process cut off from one that failed). `false` is a
   * liveness violation; absent (a trace judged on its own), the run's end is not judged.
   */
  finished?: boolean;
  /** The run's time limit in ms, which the violation of a run that did not finish names. */
  timeLimitMs?: number;
}

/** The lock file's basename when {@link CheckOptions.lockBasename} is not given. */
export const DEFAULT_LOCK_BASENAME = 'lock';

/** Throws a `TypeError` naming the first option that is not what {@link CheckOptions} says. */
export function validateCheckOptions(options: CheckOptions): void {
  expectFinite('lifetimeMs', options.lifetimeMs, 'a positive', (value) => value > 0);
  expectFinite('clockSlopMs', options.clockSlopMs, 'a non-negative', (value) => value >= 0);
  expectFinite('livenessBoundMs', options.livenessBoundMs, 'a non-negative', (value) => value >= 0);
  if (typeof options.fencing !== 'boolean') {
    throw new TypeError(`Expected \`fencing\` to be a boolean, got ${String(options.fencing)}`);
  }
  if (options.finished !== undefined && typeof options.finished !== 'boolean') {
    throw new TypeError(`Expected \`finished\` to be a boolean, got ${String(options.finished)}`);
  }
  // Any number: a world may run without a limit (Infinity) and is judged by the one it had.
  const limit = options.timeLimitMs;
  if ((limit !== undefined || options.finished === false) && typeof limit !== 'number') {
    throw new TypeError(
      `Expected \`timeLimitMs\` to be a number${options.finished === false ? ' when `finished` is false' : ''}, got ${String(limit)}`,
    );
  }
  const basename = options.lockBasename;
  if (basename !== undefined && (basename === '' || basename.includes('/'))) {
    throw new TypeError(
      `Expected \`lockBasename\` to be a file name without a slash, got ${JSON.stringify(basename)}`,
    );
  }
}

function expectFinite(
  name: string,
  value: unknown,
  kind: string,
  accepts: (value: number) => boolean,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !accepts(value)) {
    throw new TypeError(`Expected \`${name}\` to be ${kind} finite number, got ${String(value)}`);
  }
}
