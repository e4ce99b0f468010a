/** How one case of a suite ended when run by the built-in runner. */
export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  /** The blocks the case is in, outermost first, below the suite's own (`['link']`). */
  groups: readonly string[];
  /** The case's title: for the adapter contract, the contract line it proves. */
  title: string;
  status: CaseStatus;
  /** Why it failed (starting with the contract line that broke) or was skipped; '' if passed. */
  message: string;
  /**
   * The case checks something the lock does not rely on (inode numbers, link counts, the watch,
   * how fine the declared mtime resolution is): a failure misinforms tools and the other
   * algorithms that read those, but does not endanger the lock.
   */
  advisory: boolean;
  durationMs: number;
}

export interface RunnerOptions {
  /** Called after each case, in order: e.g. to show progress. */
  onResult?(result: CaseResult, done: number, total: number): void;
  /**
   * A case still running after this long fails as hung, and the next one starts (the hung
   * case's calls may still be pending on its adapter). @default 120_000
   */
  caseTimeoutMs?: number;
}
