/** What a contention run is asked to do: the section's plan, whoever runs the processes. */
export interface ContentionPlan {
  processes: number;
  durationMs: number;
  /** Names inside the scratch directory: the run's directory, and in it the lock and the counter. */
  directoryName: string;
  lockName: string;
  counterName: string;
  /** Called as contenders finish. */
  onProgress?(finished: number, total: number): void;
}

/** What the contenders report; the section adds the counter and what was left behind. */
export interface ContendersResult {
  /** Critical sections entered, over all contenders. */
  acquisitions: number;
  /** One line per pair of critical sections that overlapped in time. */
  overlaps: string[];
  /** Contenders that failed or had to be killed, with their first line of error. */
  failures: string[];
  /** Warn and error lines the locks logged. */
  logged: string[];
}
