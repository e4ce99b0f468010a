/**
 * What the lock needs from a filesystem. Every call of the algorithm goes through this
 * interface, so the same algorithm runs on a real disk, in memory, under injected faults and
 * inside the NFS simulator. Errors carry Node's errno `code` strings (ENOENT, EEXIST, ...) and
 * the `path` they concern; adapters not backed by `node:fs` throw {@link FsError}.
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
  mode?: number;
}

export interface FileRead {
  data: string;
  stats: FsStats;
}

export interface FsStats {
  ino: number;
  nlink: number;
  mtimeMs: number;
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** What an adapter promises about the filesystem behind it. Declare only what is true. */
export interface FsCapabilities {
  /** `link()` creates a second name for one file. Without it the lock cannot work. */
  hardLinks: boolean;
  /** `nlink` is reported correctly and fresh (false on sshfs, many FUSE and SMB mounts). */
  reliableNlink: boolean;
  /** Two names of one file report the same `ino` (false on sshfs). */
  reliableIno: boolean;
  /** Granularity of stored modification times (1 on ext4, 1000 on sshfs, 2000 on FAT). */
  mtimeResolutionMs: number;
  /** `watch()` reports changes made by other hosts too (false on NFS and other network filesystems). */
  watchSeesOtherHosts: boolean;
}
