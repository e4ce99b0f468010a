import type { FsAdapter, TimeSource } from '@linklock/core';
import { joinPath } from '../support/join-path.js';
import type { VirtualClock } from '../support/virtual-clock.js';

/** One way of running the lock cases: a `describe` block of its own. */
export interface TimeMode {
  /** Which clock the locks measure expiries on (the lock's `timeSource` option). */
  timeSource: TimeSource;
  /** The block's name in the report. */
  label: string;
  /** Appended to every case title, so a title names one case across the modes. */
  titleSuffix: string;
  /** How far host-a's and host-b's clocks are off the storage's (ms). */
  skewMs: readonly [number, number];
}

/**
 * Local time, on one clock, as the locks have always run here; and filesystem time (what users
 * get by default), with the two hosts' clocks minutes apart and off the storage's: the lock
 * must then read the storage's clock from the mtimes of files it creates, so an adapter whose
 * mtimes are wrong (in seconds, frozen) lets a lease lapse unseen or breaks a live one. With
 * local time these skews would break live locks: only the storage's clock can reconcile them.
 */
export const TIME_MODES: readonly TimeMode[] = [
  { timeSource: 'local', label: "timeSource 'local'", titleSuffix: '', skewMs: [0, 0] },
  {
    timeSource: 'filesystem',
    label: "timeSource 'filesystem', clocks skewed",
    titleSuffix: ' (filesystem time, skewed clocks)',
    skewMs: [-7 * 60_000, 3 * 60_000],
  },
];

/** How long the cases wait and what lifetimes they give, on one kind of clock. */
export interface Timing {
  /** The lease of the expiry cases: twice the slop. */
  shortLifetimeMs: number;
  /** The clock slop after it before a lock may be broken. */
  clockSlopMs: number;
  /** How long past lifetime + slop a case waits before it expects the lease lapsed. */
  expiredByMs: number;
  /** How long a case watches a waiter not get a lock that is held. */
  heldForMs: number;
  /** The timeout of the waiter that must give up. */
  waitTimeoutMs: number;
  /** When the aborted waiter is aborted. */
  abortAfterMs: number;
}

/** On a virtual clock time costs nothing: generous spans. */
const VIRTUAL_TIMING: Timing = {
  shortLifetimeMs: 2_000,
  clockSlopMs: 1_000,
  expiredByMs: 500,
  heldForMs: 5_000,
  waitTimeoutMs: 3_000,
  abortAfterMs: 500,
};

/** In real time every span is waited for: as short as the margins allow (about 13 s a suite). */
const REAL_TIMING: Timing = {
  shortLifetimeMs: 2_000,
  clockSlopMs: 1_000,
  expiredByMs: 500,
  heldForMs: 1_000,
  waitTimeoutMs: 1_000,
  abortAfterMs: 200,
};

/**
 * The timing of a case. In filesystem time each process measures the storage's clock to within
 * half the mtime resolution, so two processes may disagree by a whole resolution: the slop, and
 * the wait past it, cover twice that on top (sshfs: whole seconds), and the lifetime stays twice
 * the slop (a refresh after 0.6 of lifetime + slop must come before the holder's own expiry).
 */
export function timingFor(mode: TimeMode, real: boolean, views: readonly FsAdapter[]): Timing {
  const base = real ? REAL_TIMING : VIRTUAL_TIMING;
  if (mode.timeSource === 'local') return base;
  const resolution = Math.max(0, ...views.map((view) => view.capabilities.mtimeResolutionMs));
  const clockSlopMs = base.clockSlopMs + 2 * resolution;
  return {
    ...base,
    shortLifetimeMs: 2 * clockSlopMs,
    clockSlopMs,
    expiredByMs: base.expiredByMs + 2 * resolution,
  };
}

/** How far the virtual clock is moved to see whether the storage's mtimes follow it. */
const FOLLOW_PROBE_MS = 10 * 24 * 3_600_000;

let probes = 0;

/**
 * Whether the storage stamps modification times on the case's virtual clock (memfs given the
 * `clock`, a simulated server given it): moves the clock ten days and looks at the mtimes of
 * two fresh files. Storage on its own clock (a real disk, a real server) moves by the few
 * milliseconds the probes took; storage that follows moves by ten days, or by ten days in the
 * wrong unit (an adapter reporting seconds still moves by 864,000): more than 100 s either way.
 */
export async function storageFollows(
  clock: VirtualClock,
  fs: FsAdapter,
  root: string,
): Promise<boolean> {
  const before = await probeMtime(fs, root);
  clock.advance(FOLLOW_PROBE_MS);
  const after = await probeMtime(fs, root);
  return Math.abs(after - before) >= 100_000;
}

async function probeMtime(fs: FsAdapter, root: string): Promise<number> {
  probes += 1;
  const path = joinPath(root, `.conformance-clock-probe-${probes}`);
  await fs.writeFile(path, 'probe', { exclusive: true });
  try {
    return (await fs.stat(path)).mtimeMs;
  } finally {
    await fs.unlink(path);
  }
}
