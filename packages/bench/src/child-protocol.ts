/**
 * What a benchmark process is asked to do (the JSON on its command line). A holder keeps the
 * lock until it receives `release` (or is killed); a waiter measures its CPU between two
 * `mark` messages; contenders start at `go`.
 */
export type ChildTask =
  | { role: 'contend'; library: string; dir: string; counter: string; acquisitions: number }
  | {
      role: 'hold';
      library: string;
      dir: string;
      staleMs?: number;
      otherHost?: boolean;
      defaultSlop?: boolean;
    }
  | { role: 'wait'; library: string; dir: string; staleMs?: number; defaultSlop?: boolean };

/** What it reports over IPC. Times are nanoseconds of the machine's monotonic clock. */
export type ChildReport =
  | { type: 'ready' }
  | { type: 'waiting' }
  | { type: 'held'; atNs: number }
  | { type: 'released'; atNs: number }
  /** `cpuUs`: CPU used between the two `mark` messages (0 if it got fewer). */
  | { type: 'acquired'; atNs: number; cpuUs: number }
  /** Acquired/released times, flattened: [acquired0, releasing0, acquired1, …]. */
  | { type: 'contended'; intervals: number[]; cpuUs: number }
  | { type: 'failed'; message: string };
