/**
 * The soak's lock options and the shape of its chaos. The lifetime is short so that a stopped
 * holder outlives its lock within a short run: a stop of 0.5–6 s against a lease breakable
 * lifetime + slop (3.5 s) after its last refresh means some stopped holders are taken over and
 * wake up to write late, which is what the fenced journal is there to refuse.
 */
export const SOAK_SETTINGS = {
  /** Lock lifetime (refreshed every third of it while held). */
  lifetimeMs: 2_500,
  /** Extra time after expiry before a lock may be broken (docs/api.md). */
  clockSlopMs: 1_000,
  /** Journal writes per tenure, inclusive bounds. */
  writesPerTenure: { min: 1, max: 4 },
  /** The pause before each journal write, while holding. */
  writeGapMs: { min: 10, max: 100 },
  /** The pause between a release and the next lock() call. */
  idleMs: { min: 300, max: 1_500 },
  /**
   * Bounds of the waiters' backoff. With the default (up to 1 s), the processes on the backing
   * directory, whose directory watch sees every release at once, took 290 of 304 acquisitions
   * in a minute and the views' and sshfs' processes, which only poll, 14: the cross-host
   * hand-offs the soak is for would hardly happen.
   */
  retry: { minDelay: 10, maxDelay: 250 },
  /** Mean time between two chaos events (exponentially distributed). */
  chaosMeanIntervalMs: 1_200,
  /** Of the chaos events, the share that are SIGKILLs (the rest are SIGSTOP … SIGCONT). */
  killShare: 0.35,
  /** Of the chaos events, the share aimed at the current holder when there is one. */
  holderShare: 0.6,
  /** How long a stopped process stays stopped. */
  stopMs: { min: 500, max: 6_000 },
  /** At most this many processes stopped at once, so that the lock keeps changing hands. */
  maxStopped: 4,
  /** How long children get to finish their tenure and exit once the chaos ends. */
  finishTimeoutMs: 60_000,
  /** How often the progress line is printed. */
  progressIntervalMs: 5_000,
} as const;

/** The lock file's name in the run's directory. */
export const LOCK_NAME = 'journal.lock';

/** How many leftovers one break sweeps at most (SWEEP_LIMIT in docs/protocol.md, "Break"). */
export const SWEEP_BATCH = 32;
