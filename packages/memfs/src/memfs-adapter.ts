import { constants } from 'node:fs';
import type {
  Clock,
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import { errorCode, FsError } from '@linklock/core';
import { Volume } from 'memfs';

export interface MemfsAdapterOptions {
  /**
   * The clock that stamps modification times, playing the file server's clock. Without it
   * memfs stamps with the global `Date`; tests on virtual time pass their clock so that
   * filesystem-time expiries (H6) follow virtual time.
   */
  clock?: Pick<Clock, 'now'>;
  /** Overrides of the declared capabilities, e.g. to pretend `nlink` cannot be trusted. */
  capabilities?: Partial<FsCapabilities>;
}

const LOCAL_CAPABILITIES: FsCapabilities = {
  hardLinks: true,
  reliableNlink: true,
  reliableIno: true,
  mtimeResolutionMs: 1,
  watchSeesOtherHosts: true,
};

/**
 * A linklock {@link FsAdapter} over a memfs `Volume`: the whole lock protocol in memory, fast
 * and deterministic. Several adapters over one volume emulate several processes (or, with
 * different `HostIdentity`s, several hosts) sharing one directory.
 */
export class MemfsAdapter implements FsAdapter {
  readonly volume: Volume;
  readonly capabilities: FsCapabilities;
  readonly #clock: Pick<Clock, 'now'> | undefined;

  constructor(volume: Volume = new Volume(), options: MemfsAdapterOptions = {}) {
    this.volume = volume;
    this.#clock = options.clock;
    this.capabilities = { ...LOCAL_CAPABILITIES, ...options.capabilities };
  }

  async writeFile(path: string, data: string, options: WriteFileOptions = {}): Promise<void> {
    const flags = options.exclusive ? 'wx' : 'w';
    this.volume.writeFileSync(path, data, { flag: flags, mode: options.mode ?? 0o644 });
    this.#stamp(path);
  }

  async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const fd = this.volume.openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const stats = this.volume.fstatSync(fd);
      if (!stats.isFile()) throw new FsError('EISDIR', { syscall: 'read', path });
      if (stats.size > options.maxBytes) throw new FsError('EFBIG', { syscall: 'read', path });
      const buffer = Buffer.alloc(Number(stats.size));
      const length = this.volume.readSync(fd, buffer, 0, buffer.length, 0);
      return { data: buffer.toString('utf8', 0, length), stats: toStats(stats) };
    } finally {
      this.volume.closeSync(fd);
    }
  }

  async writeAt(path: string, offset: number, data: string): Promise<void> {
    const fd = this.volume.openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      const bytes = Buffer.from(data, 'utf8');
      this.volume.writeSync(fd, bytes, 0, bytes.length, offset);
    } finally {
      this.volume.closeSync(fd);
    }
    this.#stamp(path);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    if (this.volume.lstatSync(existingPath).isDirectory()) {
      // Linux refuses hard links to directories; memfs would make one.
      throw new FsError('EPERM', { syscall: 'link', path: existingPath });
    }
    const unusable = this.#unusableDirectory(newPath);
    if (unusable !== undefined) {
      // A name under a file: memfs would make one, reachable by no path.
      throw new FsError(unusable, { syscall: 'link', path: newPath });
    }
    this.volume.linkSync(existingPath, newPath);
  }

  async unlink(path: string): Promise<void> {
    this.volume.unlinkSync(path);
  }

  /**
   * rename(2) acts on names, as on a real disk: a symlink is moved itself (memfs would move the
   * file it points to, and fails on a dangling one), a directory is never replaced by a file
   * (memfs replaces an empty one), a name renamed onto another name of the same file changes
   * nothing, and a file replaced loses a link (memfs leaves its count one too high).
   */
  async rename(oldPath: string, newPath: string): Promise<void> {
    const moved = this.volume.lstatSync(oldPath);
    const replaced = this.#lstatIfAny(newPath);
    if (moved.isDirectory() || replaced?.isDirectory()) {
      if (!moved.isDirectory()) throw new FsError('EISDIR', { syscall: 'rename', path: newPath });
      this.volume.renameSync(oldPath, newPath);
      return;
    }
    if (replaced !== undefined && replaced.ino === moved.ino) return;
    const target = moved.isSymbolicLink() ? String(this.volume.readlinkSync(oldPath)) : undefined;
    if (replaced !== undefined) this.volume.unlinkSync(newPath);
    if (target === undefined) {
      this.volume.renameSync(oldPath, newPath);
      return;
    }
    try {
      this.volume.symlinkSync(target, newPath);
    } catch (error) {
      // memfs names the symlink's target; the failure is the new name's (its directory).
      throw new FsError(errorCode(error) ?? 'EIO', {
        syscall: 'rename',
        path: newPath,
        cause: error,
      });
    }
    this.volume.unlinkSync(oldPath);
  }

  async stat(path: string): Promise<FsStats> {
    return toStats(this.volume.lstatSync(path));
  }

  async readdir(path: string): Promise<string[]> {
    return (this.volume.readdirSync(path) as unknown[]).map(String);
  }

  watch(directory: string, onChange: (filename: string | null) => void): () => void {
    const watcher = this.volume.watch(directory, { persistent: false }, (_event, filename) => {
      onChange(typeof filename === 'string' ? filename : null);
    });
    return () => watcher.close();
  }

  /**
   * Why no name can be made at `path` because of its directory (ENOENT: missing, also behind a
   * dangling symlink; ENOTDIR: a file), or `undefined` when it is a directory.
   */
  #unusableDirectory(path: string): string | undefined {
    try {
      const directory = path.slice(0, path.lastIndexOf('/')) || '/';
      return this.volume.statSync(directory).isDirectory() ? undefined : 'ENOTDIR';
    } catch (error) {
      return errorCode(error) ?? 'EIO';
    }
  }

  /** What is at `path` (not following a symlink), or `undefined` when nothing is. */
  #lstatIfAny(path: string): MemfsStats | undefined {
    try {
      return this.volume.lstatSync(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Stamps the modification time with the injected server clock, if any. */
  #stamp(path: string): void {
    if (this.#clock === undefined) return;
    const seconds = this.#clock.now() / 1000;
    this.volume.utimesSync(path, seconds, seconds);
  }
}

interface MemfsStats {
  ino: number | bigint;
  nlink: number | bigint;
  mtimeMs: number | bigint;
  size: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

function toStats(stats: MemfsStats): FsStats {
  return {
    ino: Number(stats.ino),
    nlink: Number(stats.nlink),
    mtimeMs: Number(stats.mtimeMs),
    size: Number(stats.size),
    isFile: () => stats.isFile(),
    isDirectory: () => stats.isDirectory(),
    isSymbolicLink: () => stats.isSymbolicLink(),
  };
}
