import { FsError } from '@linklock/core';
import { Volume } from 'memfs';
import type { Attributes, DirectoryChange } from './attributes.js';

/**
 * The file server: the one truth of the simulation. Names, content and link counts live in a
 * memfs volume; modification times and change counters in a side table stamped with the
 * server's own clock (memfs would stamp them with the host's `Date`). It also keeps which names
 * each inode has, so a request through a handle whose file is gone answers ESTALE.
 *
 * Staleness never lives here: it lives in each client's caches.
 */
export class NfsServer {
  readonly volume = new Volume();
  readonly #now: () => number;
  readonly #times = new Map<number, { mtimeMs: number; change: number }>();
  readonly #names = new Map<number, Set<string>>();
  /** memfs inode number -> file id. memfs reuses inode numbers; a file id is never reused. */
  readonly #fileIds = new Map<number, number>();
  #nextFileId = 1;
  #changes = 0;

  constructor(now: () => number, directories: string[]) {
    this.#now = now;
    for (const directory of directories) {
      this.volume.mkdirSync(directory, { recursive: true });
      this.#touch(this.#newFileId(directory));
    }
  }

  lookup(path: string): { attributes: Attributes; directory: Attributes } {
    const directory = this.getattrPath(parentOf(path));
    if (!this.volume.existsSync(path)) throw new FsError('ENOENT', { syscall: 'lookup', path });
    return { attributes: this.getattrPath(path), directory };
  }

  getattrPath(path: string): Attributes {
    const stats = this.#lstat(path, 'getattr');
    return this.#attributes(this.#inoOf(path), stats);
  }

  getattr(ino: number, path: string): Attributes {
    return this.getattrPath(this.#pathOf(ino, path, 'getattr'));
  }

  read(ino: number, path: string): { data: string; attributes: Attributes } {
    const current = this.#pathOf(ino, path, 'read');
    return {
      data: String(this.volume.readFileSync(current, 'utf8')),
      attributes: this.getattrPath(current),
    };
  }

  write(ino: number, path: string, offset: number, data: string): Attributes {
    const current = this.#pathOf(ino, path, 'write');
    const fd = this.volume.openSync(current, 'r+');
    try {
      const bytes = Buffer.from(data, 'utf8');
      this.volume.writeSync(fd, bytes, 0, bytes.length, offset);
    } finally {
      this.volume.closeSync(fd);
    }
    this.#touch(ino);
    return this.getattrPath(current);
  }

  create(
    path: string,
    data: string,
    exclusive: boolean,
  ): { attributes: Attributes; directory: DirectoryChange } {
    return this.#changingDirectory(path, () => {
      const existed = this.volume.existsSync(path);
      this.volume.writeFileSync(path, data, { flag: exclusive ? 'wx' : 'w' });
      const ino = existed ? this.#inoOf(path) : this.#newFileId(path);
      this.#addName(ino, path);
      this.#touch(ino);
      return this.getattrPath(path);
    });
  }

  link(
    existingPath: string,
    newPath: string,
  ): { attributes: Attributes; directory: DirectoryChange } {
    return this.#changingDirectory(newPath, () => {
      this.volume.linkSync(existingPath, newPath);
      const ino = this.#inoOf(newPath);
      this.#addName(ino, newPath);
      this.#bump(ino);
      return this.getattrPath(newPath);
    });
  }

  remove(path: string): { ino: number; directory: DirectoryChange } {
    const ino = this.#inoOf(path, 'remove');
    const { directory } = this.#changingDirectory(path, () => {
      this.volume.unlinkSync(path);
      this.#dropName(ino, path);
      return undefined;
    });
    return { ino, directory };
  }

  rename(oldPath: string, newPath: string): { directory: DirectoryChange } {
    const ino = this.#inoOf(oldPath, 'rename');
    const replaced = this.volume.existsSync(newPath) ? this.#inoOf(newPath) : undefined;
    const { directory } = this.#changingDirectory(newPath, () => {
      this.volume.renameSync(oldPath, newPath);
      if (replaced !== undefined && replaced !== ino) this.#dropName(replaced, newPath);
      this.#dropName(ino, oldPath);
      this.#addName(ino, newPath);
      this.#bump(ino);
      return undefined;
    });
    return { directory };
  }

  readdir(path: string): string[] {
    this.#lstat(path, 'readdir');
    return (this.volume.readdirSync(path) as unknown[]).map(String).sort();
  }

  /** SETATTR with an explicit mtime: stores the time the client sent (its own clock). */
  setMtime(path: string, mtimeMs: number): Attributes {
    const ino = this.#inoOf(path, 'setattr');
    this.#bump(ino);
    this.#times.get(ino)!.mtimeMs = mtimeMs;
    return this.getattrPath(path);
  }

  exists(path: string): boolean {
    return this.volume.existsSync(path);
  }

  #changingDirectory<T>(
    path: string,
    change: () => T,
  ): { attributes: T; directory: DirectoryChange } {
    const parent = parentOf(path);
    const before = this.getattrPath(parent).change;
    let attributes: T;
    try {
      attributes = change();
    } catch (error) {
      throw asFsError(error, path);
    }
    this.#touch(this.#inoOf(parent));
    return { attributes, directory: { path: parent, before, after: this.getattrPath(parent) } };
  }

  #attributes(
    ino: number,
    stats: { nlink: number | bigint; size: number | bigint; isDirectory(): boolean },
  ): Attributes {
    const times = this.#times.get(ino) ?? this.#touch(ino);
    return {
      ino,
      type: stats.isDirectory() ? 'directory' : 'file',
      nlink: Number(stats.nlink),
      size: Number(stats.size),
      mtimeMs: times.mtimeMs,
      change: times.change,
    };
  }

  /** The server's clock stamps a change. */
  #touch(ino: number): { mtimeMs: number; change: number } {
    const times = { mtimeMs: this.#now(), change: ++this.#changes };
    this.#times.set(ino, times);
    return times;
  }

  /** A change of attributes only (a link count, a rename): ctime moves, mtime does not. */
  #bump(ino: number): void {
    const times = this.#times.get(ino) ?? this.#touch(ino);
    times.change = ++this.#changes;
  }

  #addName(ino: number, path: string): void {
    let names = this.#names.get(ino);
    if (names === undefined) {
      names = new Set();
      this.#names.set(ino, names);
    }
    names.add(path);
  }

  #dropName(ino: number, path: string): void {
    const names = this.#names.get(ino);
    names?.delete(path);
    if (names !== undefined && names.size === 0) this.#names.delete(ino);
  }

  /** The current name of the file a handle points at: its old name if still there, else any. */
  #pathOf(ino: number, path: string, syscall: string): string {
    const names = this.#names.get(ino);
    if (names === undefined) throw new FsError('ESTALE', { syscall, path });
    return names.has(path) ? path : names.values().next().value!;
  }

  /** The file id of the file at `path` (NFS's file handle, in effect). */
  #inoOf(path: string, syscall = 'lookup'): number {
    const memfsIno = Number(this.#lstat(path, syscall).ino);
    return this.#fileIds.get(memfsIno) ?? this.#newFileIdFor(memfsIno);
  }

  /** A fresh file id for the file just created at `path`. */
  #newFileId(path: string): number {
    return this.#newFileIdFor(Number(this.#lstat(path, 'create').ino));
  }

  #newFileIdFor(memfsIno: number): number {
    const id = this.#nextFileId++;
    this.#fileIds.set(memfsIno, id);
    return id;
  }

  #lstat(path: string, syscall: string) {
    try {
      return this.volume.lstatSync(path);
    } catch (error) {
      throw asFsError(error, path, syscall);
    }
  }
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function asFsError(error: unknown, path: string, syscall?: string): FsError {
  if (error instanceof FsError) return error;
  const code = (error as { code?: string }).code ?? 'EIO';
  return new FsError(code, { ...(syscall === undefined ? {} : { syscall }), path });
}
