/** What a benchmark process is asked to do (the JSON on its command line). */
export type ChildTask =
  | { role: 'contend'; library: string; dir: string; counter: string; acquisitions: number }
  | {
      role: 'hold';
      library: string;
      dir: string;
      /** Keep the lock this long, then release; absent: until killed. */
      holdMs?: number;
      staleMs?: number;
      otherHost?: boolean;
    }
  | { role: 'wait'; library: string; dir: string; staleMs?: number };

/** What it reports over IPC. Times are nanoseconds of the machine's monotonic clock. */
export type ChildReport =
  | { type: 'ready' }
  | { type: 'waiting' }
  | { type: 'held'; atNs: number }
  | { type: 'released'; atNs: number }
  | { type: 'acquired'; atNs: number; cpuUs: number }
  /** Acquired/released times, flattened: [acquired0, releasing0, acquired1, …]. */
  | { type: 'contended'; intervals: number[]; cpuUs: number }
  | { type: 'failed'; message: string };
