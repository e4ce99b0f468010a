import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';

export interface Lies {
  /** Report this link count always (sshfs: 1). */
  nlink?: number;
  /** Report a different inode number at each call (sshfs: two names, two inodes). */
  randomIno?: boolean;
  /** Round mtimes down to this granularity (FAT: 2000, sshfs: 1000). */
  mtimeGranularityMs?: number;
  /** Serve stats of a path from a cache for this long after first seen (NFS/sshfs attribute cache). */
  cacheMs?: number;
  now?: () => number;
}

/**
 * An adapter whose attributes cannot be trusted, as on sshfs, SMB or FUSE mounts: wrong link
 * counts, unstable inode numbers, coarse mtimes, stale cached stats. Content stays true.
 */
export class LyingStatsFs implements FsAdapter {
  readonly capabilities: FsCapabilities;
  readonly #inner: FsAdapter;
  readonly #lies: Lies;
  readonly #cache = new Map<string, { stats: FsStats; at: number }>();
  #ino = 1_000_000;

  constructor(inner: FsAdapter, lies: Lies, capabilities: Partial<FsCapabilities>) {
    this.#inner = inner;
    this.#lies = lies;
    this.capabilities = { ...inner.capabilities, ...capabilities };
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#inner.writeFile(path, data, options);
  }
  async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const result = await this.#inner.read(path, options);
    return { data: result.data, stats: this.#lie(path, result.stats) };
  }
  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#inner.writeAt(path, offset, data);
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.#inner.link(existingPath, newPath);
  }
  unlink(path: string): Promise<void> {
    return this.#inner.unlink(path);
  }
  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#inner.rename(oldPath, newPath);
  }
  async stat(path: string): Promise<FsStats> {
    return this.#lie(path, await this.#inner.stat(path));
  }
  readdir(path: string): Promise<string[]> {
    return this.#inner.readdir(path);
  }

  #lie(path: string, truth: FsStats): FsStats {
    const { cacheMs, now } = this.#lies;
    if (cacheMs !== undefined && now !== undefined) {
      const cached = this.#cache.get(path);
      if (cached !== undefined && now() - cached.at < cacheMs) return cached.stats;
    }
    const granularity = this.#lies.mtimeGranularityMs ?? 1;
    const stats: FsStats = {
      ino: this.#lies.randomIno ? this.#ino++ : truth.ino,
      nlink: this.#lies.nlink ?? truth.nlink,
      mtimeMs: Math.floor(truth.mtimeMs / granularity) * granularity,
      size: truth.size,
      isFile: () => truth.isFile(),
      isDirectory: () => truth.isDirectory(),
      isSymbolicLink: () => truth.isSymbolicLink(),
    };
    if (cacheMs !== undefined && now !== undefined) this.#cache.set(path, { stats, at: now() });
    return stats;
  }
}
