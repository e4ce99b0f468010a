/** What each simulated process does: loop acquire → critical section → release. */
export interface WorkloadOptions {
  /** Acquisitions each process attempts. */
  iterations: number;
  /** Time inside the critical section, drawn uniformly from [min, max] ms. */
  criticalSectionMs: [number, number];
  /** Time between a release and the next attempt. */
  thinkMs: [number, number];
  /** Share of attempts made with `tryLock()` (one attempt, never waits). */
  tryLockShare: number;
  /** Share of waiting attempts made with a timeout (drawn from `timeoutMs`); the rest wait forever. */
  timeoutShare: number;
  timeoutMs: [number, number];
  /**
   * Share of attempts made as a reader, when the algorithm has shared locks (the rest are
   * writers); an exclusive algorithm's attempts are all alone whatever it says.
   */
  readShare: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  iterations: 8,
  criticalSectionMs: [1, 200],
  thinkMs: [0, 100],
  tryLockShare: 0.1,
  timeoutShare: 0.3,
  timeoutMs: [1_000, 60_000],
  readShare: 0.6,
};
