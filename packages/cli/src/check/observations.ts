/**
 * What the checks saw of the filesystem's behaviour, for comparing with what its adapter
 * declares. A field is absent when its check did not run or could not tell.
 */
export interface Observations {
  /** `link()` made a second name of one file. */
  hardLinks?: boolean;
  /** `nlink` counted the names right, fresh, in `stat` and `read`. */
  reliableNlink?: boolean;
  /** Both names of a file reported one inode number, another file another. */
  reliableIno?: boolean;
  /** The coarsest step the mtimes of fresh files were all multiples of (0: finer than 1 ms). */
  mtimeStepMs?: number;
  /** A change by another process woke a watcher (on the other view, when there was one). */
  watchWoke?: boolean;
  /** Whether that other process was on another view of the directory. */
  watchFromOtherView?: boolean;
}
