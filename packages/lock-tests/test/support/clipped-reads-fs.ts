import type { FileRead, FsAdapter } from '@linklock/core';
import { LyingStatsFs } from './lying-stats-fs.js';

/**
 * An adapter that serves reads of one path cut short, as a FUSE mount with an attribute cache
 * does (bindfs `attr_timeout`, sshfs): it clips a read at the size it cached for the file the
 * name led to before, until the cache times out. Everything else is true.
 */
export class ClippedReadsFs extends LyingStatsFs {
  readonly #path: string;
  readonly #clippedBy: number;
  readonly #clipping: () => boolean;

  /** Reads of `path` lose their last `clippedBy` bytes while `clipping()` says so. */
  constructor(inner: FsAdapter, path: string, clippedBy: number, clipping: () => boolean) {
    super(inner, {}, {});
    this.#path = path;
    this.#clippedBy = clippedBy;
    this.#clipping = clipping;
  }

  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const result = await super.read(path, options);
    if (path !== this.#path || !this.#clipping()) return result;
    return { ...result, data: result.data.slice(0, -this.#clippedBy) };
  }
}
