import { dirname, resolve } from 'node:path';
import { type FileRead, FsError, type FsStats, type WriteFileOptions } from '@linklock/core';
import { MemfsAdapter } from '@linklock/memfs';

/**
 * Adapters over a memfs volume with one deliberate defect each, of the kinds a filesystem or a
 * hand-written adapter really has: `linklock check` must call each one out, and only it.
 */

/** `link` that copies the file to the new name (some FUSE filesystems, object stores). */
export class CopyingLinkFs extends MemfsAdapter {
  override async link(existingPath: string, newPath: string): Promise<void> {
    const { data } = await this.read(existingPath, { maxBytes: 1024 * 1024 });
    await this.writeFile(newPath, data, { exclusive: true });
  }
}

/** No hard links at all: `link` fails with EPERM (as on SMB without unix extensions, FAT). */
export class NoLinkFs extends MemfsAdapter {
  override async link(existingPath: string, _newPath: string): Promise<void> {
    throw new FsError('EPERM', {
      syscall: 'link',
      path: existingPath,
      message: `EPERM: operation not permitted, link '${existingPath}'`,
    });
  }
}

/** `link` onto an existing name replaces it, where link(2) fails with EEXIST. */
export class ReplacingLinkFs extends MemfsAdapter {
  override async link(existingPath: string, newPath: string): Promise<void> {
    try {
      await this.unlink(newPath);
    } catch {
      // Nothing there yet.
    }
    await super.link(existingPath, newPath);
  }
}

/** An exclusive create that overwrites an existing file instead of failing with EEXIST. */
export class OverwritingCreateFs extends MemfsAdapter {
  override writeFile(path: string, data: string, _options?: WriteFileOptions): Promise<void> {
    return super.writeFile(path, data, {});
  }
}

/** `read` that follows a symbolic link to its target instead of refusing it (no O_NOFOLLOW). */
export class FollowingReadFs extends MemfsAdapter {
  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const isLink = this.volume.existsSync(path) && this.volume.lstatSync(path).isSymbolicLink();
    if (!isLink) return super.read(path, options);
    return super.read(resolve(dirname(path), String(this.volume.readlinkSync(path))), options);
  }
}

/** mtimes in seconds, as an adapter that forgot to convert `st_mtime` reports them. */
export class SecondsMtimeFs extends MemfsAdapter {
  override async stat(path: string): Promise<FsStats> {
    return withMtime(await super.stat(path), (ms) => Math.floor(ms / 1_000));
  }

  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const { data, stats } = await super.read(path, options);
    return { data, stats: withMtime(stats, (ms) => Math.floor(ms / 1_000)) };
  }
}

/** mtimes floored to whole seconds (as over SFTP) while declaring 1 ms (MemfsAdapter's). */
export class FlooredMtimeFs extends MemfsAdapter {
  override async stat(path: string): Promise<FsStats> {
    return withMtime(await super.stat(path), floorToSecond);
  }

  override async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const { data, stats } = await super.read(path, options);
    return { data, stats: withMtime(stats, floorToSecond) };
  }
}

const floorToSecond = (ms: number) => Math.floor(ms / 1_000) * 1_000;

function withMtime(stats: FsStats, convert: (mtimeMs: number) => number): FsStats {
  return {
    ino: stats.ino,
    nlink: stats.nlink,
    size: stats.size,
    mtimeMs: convert(stats.mtimeMs),
    isFile: () => stats.isFile(),
    isDirectory: () => stats.isDirectory(),
    isSymbolicLink: () => stats.isSymbolicLink(),
  };
}

/** `rename` over an existing name that removes the name first: a moment with no file there. */
export class GappyRenameFs extends MemfsAdapter {
  override async rename(oldPath: string, newPath: string): Promise<void> {
    try {
      await this.unlink(newPath);
    } catch {
      // Nothing to replace.
    }
    // The gap a reader can fall into.
    await new Promise((resolve) => setTimeout(resolve, 1));
    await super.rename(oldPath, newPath);
  }
}
