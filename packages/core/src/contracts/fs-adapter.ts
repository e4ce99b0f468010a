/**
 * What the lock needs from a filesystem. Every call of the algorithm goes through this
 * interface, so the same algorithm runs on a real disk, in memory, under injected faults and
 * inside the NFS simulator. Errors carry Node's errno `code` strings (ENOENT, EEXIST, ...) and
 * the `path` they concern; adapters not backed by `node:fs` throw {@link FsError}.
 *
 * **What the lock relies on**, and what is here for others: the lock decides everything from
 * the methods' effects and error codes, from the content `read()` (or `readContent()`) returns,
 * from `stat().mtimeMs` (measuring the file server's clock, filesystem-time mode) and from the
 * capabilities `hardLinks` and `mtimeResolutionMs`; `watch()` only shortens waits. It never reads
 * `FileRead.stats`, `ino`, `nlink`, `size`, the `is*()` tests, `WriteFileOptions.mode`, or the
 * capabilities `reliableNlink`, `reliableIno` and `watchSeesOtherHosts`: those serve the
 * reference algorithms the simulator compares with (which judge by link counts and mtimes),
 * the conformance suite's diagnostics and tools such as `linklock check`. Marked *(not used by
 * the lock)* below; an adapter should still fill them honestly.
 */
export interface FsAdapter {
  readonly capabilities: FsCapabilities;
  /** Creates (or with `exclusive`, only creates: EEXIST otherwise) a file holding `data`. */
  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void>;
  /**
   * Opens without following a symlink, then fstat + bounded read on that one descriptor:
   * content and stats belong to the same file, and (NFS close-to-open) the open revalidates
   * attributes, so these stats are fresher than what `stat()` may serve from a cache.
   * Rejects with EFBIG over `maxBytes`, ELOOP on a symlink, EISDIR on anything not a file.
   */
  read(path: string, options: { maxBytes: number }): Promise<FileRead>;
  /**
   * Optional: `read` without the stats, for an adapter where they cost a call of their own
   * (NodeFsAdapter: an fstat, a thread-pool round trip on network mounts). Otherwise what `read`
   * promises: the content fresh from an open that follows no symlink (ELOOP), bounded (EFBIG
   * over `maxBytes`), EISDIR on a directory or FIFO, ENOENT for a missing file. The lock makes
   * every read through it when present, through `read` otherwise.
   */
  readContent?(path: string, options: { maxBytes: number }): Promise<string>;
  /** Writes `data` at `offset` into an existing file: no create, no truncation, no symlink followed. */
  writeAt(path: string, offset: number, data: string): Promise<void>;
  link(existingPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  /** lstat semantics: never follows a symlink. May be served from a stale cache on network filesystems. */
  stat(path: string): Promise<FsStats>;
  readdir(path: string): Promise<string[]>;
  /**
   * Calls `onChange` when an entry of `directory` may have changed (the name, when known).
   * Returns the function that stops watching. Optional: waiters fall back to backoff.
   */
  watch?(directory: string, onChange: (filename: string | null) => void): () => void;
}

export interface WriteFileOptions {
  exclusive?: boolean;
  /** Permission bits of a file this call creates. *(not used by the lock)* */
  mode?: number;
}

export interface FileRead {
  data: string;
  /** The stats of the file read, from the same open. *(not used by the lock)* */
  stats: FsStats;
}

export interface FsStats {
  /** *(not used by the lock)* */
  ino: number;
  /** *(not used by the lock: link counts lie on many filesystems, H4)* */
  nlink: number;
  /** Modification time in milliseconds, as the file server stamped it: the lock measures the server's clock with it. */
  mtimeMs: number;
  /** Bytes. *(not used by the lock)* */
  size: number;
  /** *(not used by the lock)* */
  isFile(): boolean;
  /** *(not used by the lock)* */
  isDirectory(): boolean;
  /** *(not used by the lock)* */
  isSymbolicLink(): boolean;
}

/** What an adapter promises about the filesystem behind it. Declare only what is true. */
export interface FsCapabilities {
  /** `link()` creates a second name for one file. Without it the lock cannot work. */
  hardLinks: boolean;
  /** `nlink` is reported correctly and fresh (false on sshfs, many FUSE and SMB mounts). *(not used by the lock)* */
  reliableNlink: boolean;
  /** Two names of one file report the same `ino` (false on sshfs). *(not used by the lock)* */
  reliableIno: boolean;
  /** Granularity of stored modification times (1 on ext4, 1000 on sshfs, 2000 on FAT). */
  mtimeResolutionMs: number;
  /** `watch()` reports changes made by other hosts too (false on NFS and other network filesystems). *(not used by the lock)* */
  watchSeesOtherHosts: boolean;
}
