import type { FileRead, FsAdapter, FsStats, WriteFileOptions } from '@linklock/core';
import { MemfsAdapter, type MemfsAdapterOptions } from '@linklock/memfs';
import type { Volume } from 'memfs';

/**
 * Adapters with one deliberate defect each, of the kinds a hand-written adapter gets wrong,
 * over a memfs volume. Everything else is delegated, so the suite should fail exactly the
 * cases about the defect.
 */

/** `link` that copies the content to the new name instead of making a second name. */
export class CopyingLinkFs extends MemfsAdapter {
  override async link(existingPath: string, newPath: string): Promise<void> {
    const { data } = await this.read(existingPath, { maxBytes: 1024 * 1024 });
    await this.writeFile(newPath, data, { exclusive: true });
  }
}

/** Exclusive create that overwrites an existing file instead of failing with EEXIST. */
export class OverwritingCreateFs extends MemfsAdapter {
  override writeFile(path: string, data: string, _options?: WriteFileOptions): Promise<void> {
    return super.writeFile(path, data, {});
  }
}

/** `read` that ignores `maxBytes`: a huge foreign file would be loaded whole. */
export class UnboundedReadFs extends MemfsAdapter {
  override read(path: string, _options: { maxBytes: number }): Promise<FileRead> {
    return super.read(path, { maxBytes: Number.MAX_SAFE_INTEGER });
  }
}

/** `readdir` left unimplemented: throws a plain error, no errno code. */
export class UnfinishedReaddirFs extends MemfsAdapter {
  override async readdir(_path: string): Promise<string[]> {
    throw new Error('readdir is not implemented yet');
  }
}

/** `mtimeMs` in seconds, as an adapter that forgot to convert `st_mtime` would report it. */
export class SecondsMtimeFs extends MemfsAdapter {
  override async stat(path: string): Promise<FsStats> {
    return inSeconds(await super.stat(path));
  }

  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const { data, stats } = await super.read(path, options);
    return { data, stats: inSeconds(stats) };
  }
}

/** mtimes floored to whole seconds (as over SFTP), while declaring 1 ms (MemfsAdapter's). */
export class FlooredMtimeFs extends MemfsAdapter {
  override async stat(path: string): Promise<FsStats> {
    return floored(await super.stat(path));
  }

  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const { data, stats } = await super.read(path, options);
    return { data, stats: floored(stats) };
  }
}

/** Each file keeps the mtime it was first seen with: writes into it never move it. */
export class StuckMtimeFs extends MemfsAdapter {
  readonly #first = new Map<string, number>();

  override async stat(path: string): Promise<FsStats> {
    return this.#stuck(path, await super.stat(path));
  }

  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const { data, stats } = await super.read(path, options);
    return { data, stats: this.#stuck(path, stats) };
  }

  #stuck(path: string, stats: FsStats): FsStats {
    const mtimeMs = this.#first.get(path) ?? stats.mtimeMs;
    this.#first.set(path, mtimeMs);
    return withMtime(stats, mtimeMs);
  }
}

function inSeconds(stats: FsStats): FsStats {
  return withMtime(stats, Math.floor(stats.mtimeMs / 1_000));
}

function floored(stats: FsStats): FsStats {
  return withMtime(stats, Math.floor(stats.mtimeMs / 1_000) * 1_000);
}

function withMtime(stats: FsStats, mtimeMs: number): FsStats {
  return {
    ino: stats.ino,
    nlink: stats.nlink,
    size: stats.size,
    mtimeMs,
    isFile: () => stats.isFile(),
    isDirectory: () => stats.isDirectory(),
    isSymbolicLink: () => stats.isSymbolicLink(),
  };
}

export type BrokenAdapterClass = new (volume: Volume, options?: MemfsAdapterOptions) => FsAdapter;
