import type { Clock } from '@linklock/core';
import type { LatencyOptions } from '../latency.js';
import type { PathPattern } from '../ops.js';
import type { FaultRule } from '../rules.js';
import type { NodeOp } from './ops.js';

/**
 * What the facade wraps: anything shaped like `node:fs` with its sync, callback and promise
 * APIs — a memfs `Volume`, the result of memfs's `createFsFromVolume`, or `node:fs` itself.
 */
export interface NodeFsLike {
  readonly promises: object;
}

/**
 * A rule of the facade: `FaultyFs`'s rule language, with Node's function names as `op`, and
 * `partial` for a disk that fills up half way.
 */
export interface NodeFaultRule extends FaultRule<NodeOp> {
  /**
   * With `errno` on `write`, `writeFile` or `appendFile` (and a handle's `write`, `writeFile`,
   * `appendFile`): the first `partial` bytes are written before the failure. `writeFile` and
   * `appendFile` then fail with `errno` (syscall `write`), as Node's do when the disk fills up
   * mid-way. `write` is one write(2), which reports a full disk as a short count first: with
   * `partial` > 0 it succeeds with `bytesWritten` = `partial`, and fails only with `partial: 0`.
   */
  partial?: number;
}

/** Delayed unlink of the facade: `visible` mode only (see the guide). */
export interface NodeDelayedUnlinkOptions {
  ms: number;
  mode?: 'visible';
  /** Only removals of matching paths (a string matches exactly). */
  path?: PathPattern;
}

export interface FaultyNodeFsOptions {
  /** The filesystem underneath: a memfs `Volume`, `createFsFromVolume(volume)`, or `node:fs`. */
  inner: NodeFsLike;
  /**
   * Confines every path to this directory (after resolving it against the working directory):
   * a call naming a path outside it fails with EACCES before reaching `inner`. A guard rail for
   * tests on the real filesystem, not a sandbox: symbolic links inside it are not followed.
   */
  root?: string;
  /** Seeds every random choice (probabilities, latencies). @default 1 */
  seed?: number | string;
  /** Faults, tried in order: the first rule that fires on a call decides it. */
  rules?: NodeFaultRule[];
  /** Time spent per asynchronous call, drawn from the seed and slept on `clock` (none for sync calls). */
  latency?: LatencyOptions<NodeOp>;
  /** `unlink` and `rmdir` whose names stay visible through this facade for `ms` (needs `clock`). */
  delayUnlink?: NodeDelayedUnlinkOptions;
  /** Where latency and delays are spent and history is timed. */
  clock?: Clock;
}

const WRITERS: readonly NodeOp[] = ['write', 'writeFile', 'appendFile'];

/** The facade's own checks of its rules and delayed unlink (the rule engine checks the rest). */
export function checkNodeOptions(options: FaultyNodeFsOptions): void {
  if (typeof options.inner?.promises !== 'object') {
    throw new TypeError(
      'createFaultyNodeFs: `inner` must be shaped like node:fs (a memfs Volume, createFsFromVolume(volume), or node:fs)',
    );
  }
  (options.rules ?? []).forEach(checkPartial);
  const delay = options.delayUnlink;
  if (delay !== undefined && (delay.mode ?? 'visible') !== 'visible') {
    throw new TypeError("createFaultyNodeFs: delayUnlink.mode must be 'visible'");
  }
  if (delay !== undefined && !(Number.isFinite(delay.ms) && delay.ms >= 0)) {
    throw new RangeError(`createFaultyNodeFs: delayUnlink.ms must be a finite number >= 0`);
  }
  if (delay !== undefined && options.clock === undefined) {
    throw new TypeError('FaultyFs: `latency` and `delayUnlink` need a `clock` to spend time on');
  }
}

/** `partial` only on the writing functions, with an errno, before the effect. */
export function checkPartial(rule: NodeFaultRule, index: number): void {
  if (rule.partial === undefined) return;
  const where = `FaultyFs rule #${index + 1}${rule.name ? ` (${rule.name})` : ''}`;
  const ops = rule.op === '*' ? [] : Array.isArray(rule.op) ? rule.op : [rule.op];
  if (ops.length === 0 || !ops.every((op) => WRITERS.includes(op))) {
    throw new TypeError(`${where}: \`partial\` applies to ${WRITERS.join(', ')} only`);
  }
  if (rule.errno === undefined || (rule.phase ?? 'before') !== 'before') {
    throw new TypeError(`${where}: \`partial\` needs \`errno\` with phase 'before'`);
  }
  if (!(Number.isInteger(rule.partial) && rule.partial >= 0)) {
    throw new RangeError(`${where}: \`partial\` must be an integer >= 0, got ${rule.partial}`);
  }
}
