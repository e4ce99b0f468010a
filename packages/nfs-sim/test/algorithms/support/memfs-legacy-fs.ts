import { constants } from 'node:fs';
import type { Clock, FileRead, FsCapabilities, FsStats, WriteFileOptions } from '@linklock/core';
import { FsError } from '@linklock/core';
import type { Volume } from 'memfs';
import type { LegacyFs } from '../../../src/algorithms/algorithm.js';

/**
 * A {@link LegacyFs} straight over a memfs `Volume`: one local disk shared by every test
 * process. Files are stamped with the test clock (the "server" clock), and `utimes` stores
 * whatever mtime the caller asks for, as NFS stores the client's.
 */
export class MemfsLegacyFs implements LegacyFs {
  readonly capabilities: FsCapabilities = {
    hardLinks: true,
    reliableNlink: true,
    reliableIno: true,
    mtimeResolutionMs: 1,
    watchSeesOtherHosts: true,
  };
  readonly #volume: Volume;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(volume: Volume, clock: Pick<Clock, 'now'>) {
    this.#volume = volume;
    this.#clock = clock;
  }

  async writeFile(path: string, data: string, options: WriteFileOptions = {}): Promise<void> {
    const flag = options.exclusive ? 'wx' : 'w';
    this.#volume.writeFileSync(path, data, { flag, mode: options.mode ?? 0o644 });
    this.#stamp(path);
  }

  async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const fd = this.#volume.openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const stats = this.#volume.fstatSync(fd);
      if (!stats.isFile()) throw new FsError('EISDIR', { syscall: 'read', path });
      if (Number(stats.size) > options.maxBytes)
        throw new FsError('EFBIG', { syscall: 'read', path });
      const buffer = Buffer.alloc(Number(stats.size));
      const length = this.#volume.readSync(fd, buffer, 0, buffer.length, 0);
      return { data: buffer.toString('utf8', 0, length), stats: toStats(stats) };
    } finally {
      this.#volume.closeSync(fd);
    }
  }

  async writeAt(path: string, offset: number, data: string): Promise<void> {
    const fd = this.#volume.openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      const bytes = Buffer.from(data, 'utf8');
      this.#volume.writeSync(fd, bytes, 0, bytes.length, offset);
    } finally {
      this.#volume.closeSync(fd);
    }
    this.#stamp(path);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    this.#volume.linkSync(existingPath, newPath);
  }

  async unlink(path: string): Promise<void> {
    this.#volume.unlinkSync(path);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    this.#volume.renameSync(oldPath, newPath);
  }

  async stat(path: string): Promise<FsStats> {
    return toStats(this.#volume.lstatSync(path));
  }

  async readdir(path: string): Promise<string[]> {
    return (this.#volume.readdirSync(path) as unknown[]).map(String);
  }

  async utimes(path: string, mtimeMs: number): Promise<void> {
    const seconds = mtimeMs / 1000;
    this.#volume.utimesSync(path, seconds, seconds);
  }

  #stamp(path: string): void {
    const seconds = this.#clock.now() / 1000;
    this.#volume.utimesSync(path, seconds, seconds);
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
