import type { Attributes, DirectoryChange } from './attributes.js';
import { NfsStatus } from './nfs-status.js';
import { baseOf, parentOf, stepsOf } from './path-parts.js';

interface Inode {
  id: number;
  type: 'file' | 'directory';
  data: Buffer;
  nlink: number;
  mtimeMs: number;
  change: number;
  /** For directories: name -> inode id. */
  entries: Map<string, number> | undefined;
  /** The verifier of the exclusive create that made this file, if one did. */
  verifier?: string;
}

/**
 * The file server: the one truth of the simulation, an inode table of its own. Every change is
 * stamped with the server's clock; file ids (what NFS file handles name) are never reused, so a
 * request through the handle of a removed file answers ESTALE, as a real server's generation
 * numbers make it. (memfs, which tests of the lock use elsewhere, stamps times with the host's
 * `Date`, reuses inode numbers, and checks permissions with two system calls per path step,
 * which would cost most of a simulated run's time.)
 *
 * Staleness never lives here: it lives in each client's caches.
 */
export class NfsServer {
  readonly #now: () => number;
  readonly #inodes = new Map<number, Inode>();
  #nextId = 1;
  #changes = 0;

  constructor(now: () => number, directories: string[]) {
    this.#now = now;
    this.#inodes.set(0, this.#newInode('directory', 0));
    for (const directory of directories) this.#mkdirs(directory);
  }

  lookup(path: string): { attributes: Attributes; directory: Attributes } {
    const directory = this.getattrPath(parentOf(path));
    return { attributes: this.getattrPath(path), directory };
  }

  getattrPath(path: string): Attributes {
    return attributesOf(this.#resolve(path, 'getattr'));
  }

  getattr(id: number, path: string): Attributes {
    return attributesOf(this.#byHandle(id, path, 'getattr'));
  }

  read(id: number, path: string): { data: string; attributes: Attributes } {
    const inode = this.#byHandle(id, path, 'read');
    if (inode.type !== 'file') throw new NfsStatus('EISDIR', 'read', path);
    return { data: inode.data.toString('utf8'), attributes: attributesOf(inode) };
  }

  write(id: number, path: string, offset: number, data: string): Attributes {
    const inode = this.#byHandle(id, path, 'write');
    const bytes = Buffer.from(data, 'utf8');
    const end = offset + bytes.length;
    if (end > inode.data.length) {
      const grown = Buffer.alloc(end);
      inode.data.copy(grown);
      inode.data = grown;
    }
    bytes.copy(inode.data, offset);
    this.#stamp(inode);
    return attributesOf(inode);
  }

  /**
   * CREATE carrying the file's content. `exclusive` with a `verifier` is NFSv3's EXCLUSIVE
   * mode, as Linux clients send for O_EXCL: the server keeps the verifier with the file, so the
   * same create run again (its reply lost, the duplicate request cache forgetful) succeeds
   * instead of answering EEXIST, while anyone else's create of the name fails.
   */
  create(
    path: string,
    data: string,
    { exclusive, verifier }: { exclusive: boolean; verifier?: string | undefined },
  ): { attributes: Attributes; directory: DirectoryChange } {
    const parent = this.#resolve(parentOf(path), 'create');
    const existing = parent.entries?.get(baseOf(path));
    if (existing !== undefined) {
      // No name is added: the file changes, the directory does not.
      const inode = this.#inodes.get(existing)!;
      if (exclusive && verifier !== undefined && inode.verifier === verifier) {
        const after = attributesOf(parent);
        return {
          attributes: attributesOf(inode),
          directory: { path: parentOf(path), before: after.change, after },
        };
      }
      if (exclusive) throw new NfsStatus('EEXIST', 'create', path);
      if (inode.type !== 'file') throw new NfsStatus('EISDIR', 'create', path);
      inode.data = Buffer.from(data, 'utf8');
      this.#stamp(inode);
      const after = attributesOf(parent);
      return {
        attributes: attributesOf(inode),
        directory: { path: parentOf(path), before: after.change, after },
      };
    }
    return this.#changingDirectory(path, 'create', (directory, name) => {
      const inode = this.#newInode('file', 1);
      inode.data = Buffer.from(data, 'utf8');
      if (exclusive && verifier !== undefined) inode.verifier = verifier;
      this.#addName(directory, name, inode);
      return attributesOf(inode);
    });
  }

  link(
    existingPath: string,
    newPath: string,
  ): { attributes: Attributes; directory: DirectoryChange } {
    const inode = this.#resolve(existingPath, 'link');
    if (inode.type !== 'file') throw new NfsStatus('EPERM', 'link', existingPath);
    return this.#changingDirectory(newPath, 'link', (directory, name) => {
      if (directory.entries!.has(name)) throw new NfsStatus('EEXIST', 'link', newPath);
      inode.nlink += 1;
      this.#bump(inode);
      this.#addName(directory, name, inode, { stamp: false }); // a link moves ctime, not mtime
      return attributesOf(inode);
    });
  }

  remove(path: string): { ino: number; directory: DirectoryChange } {
    const inode = this.#resolve(path, 'remove');
    if (inode.type !== 'file') throw new NfsStatus('EISDIR', 'remove', path);
    const { directory } = this.#changingDirectory(path, 'remove', (parent, name) => {
      this.#dropName(parent, name, inode);
      return undefined;
    });
    return { ino: inode.id, directory };
  }

  rename(oldPath: string, newPath: string): { directory: DirectoryChange } {
    const inode = this.#resolve(oldPath, 'rename');
    const { directory } = this.#changingDirectory(newPath, 'rename', (parent, name) => {
      const replacedId = parent.entries!.get(name);
      if (replacedId === inode.id) return undefined; // two names of one file: POSIX does nothing
      if (replacedId !== undefined) this.#dropName(parent, name, this.#inodes.get(replacedId)!);
      const oldParent = this.#resolve(parentOf(oldPath), 'rename');
      this.#dropName(oldParent, baseOf(oldPath), inode, { unlink: false });
      this.#addName(parent, name, inode, { stamp: false });
      this.#bump(inode);
      if (oldParent !== parent) this.#stamp(oldParent);
      return undefined;
    });
    return { directory };
  }

  readdir(path: string): string[] {
    const directory = this.#resolve(path, 'readdir');
    if (directory.entries === undefined) throw new NfsStatus('ENOTDIR', 'readdir', path);
    return [...directory.entries.keys()].sort();
  }

  /** SETATTR with an explicit mtime: stores the time the client sent (its own clock). */
  setMtime(path: string, mtimeMs: number): Attributes {
    const inode = this.#resolve(path, 'setattr');
    this.#bump(inode);
    inode.mtimeMs = mtimeMs;
    return attributesOf(inode);
  }

  exists(path: string): boolean {
    return this.#find(path) !== undefined;
  }

  /** Runs a change of one directory entry, reporting the directory's attributes before and after. */
  #changingDirectory<T>(
    path: string,
    syscall: string,
    change: (directory: Inode, name: string) => T,
  ) {
    const directory = this.#resolve(parentOf(path), syscall);
    if (directory.entries === undefined) throw new NfsStatus('ENOTDIR', syscall, path);
    const before = directory.change;
    const attributes = change(directory, baseOf(path));
    this.#stamp(directory);
    const after: DirectoryChange = { path: parentOf(path), before, after: attributesOf(directory) };
    return { attributes, directory: after };
  }

  /** Adds one name; `stamp: false` leaves the file's mtime (a link or a rename changes only its ctime). */
  #addName(directory: Inode, name: string, inode: Inode, { stamp } = { stamp: true }): void {
    directory.entries!.set(name, inode.id);
    if (stamp) this.#stamp(inode);
  }

  /**
   * Removes one name; the last one frees the inode (its handle goes stale). `unlink: false`
   * only moves the name away (a rename): the file keeps its link count.
   */
  #dropName(directory: Inode, name: string, inode: Inode, { unlink } = { unlink: true }): void {
    directory.entries!.delete(name);
    if (!unlink) return;
    inode.nlink -= 1;
    this.#bump(inode);
    if (inode.nlink <= 0) this.#inodes.delete(inode.id);
  }

  #byHandle(id: number, path: string, syscall: string): Inode {
    const inode = this.#inodes.get(id);
    if (inode === undefined) throw new NfsStatus('ESTALE', syscall, path);
    return inode;
  }

  #resolve(path: string, syscall: string): Inode {
    const inode = this.#find(path);
    if (inode === undefined) throw new NfsStatus('ENOENT', syscall, path);
    return inode;
  }

  #find(path: string): Inode | undefined {
    let inode = this.#inodes.get(0);
    for (const step of stepsOf(path)) {
      const id = inode?.entries?.get(step);
      inode = id === undefined ? undefined : this.#inodes.get(id);
      if (inode === undefined) return undefined;
    }
    return inode;
  }

  #mkdirs(path: string): void {
    let current = this.#inodes.get(0)!;
    for (const step of path.split('/')) {
      if (step === '') continue;
      const id = current.entries!.get(step);
      if (id !== undefined) {
        current = this.#inodes.get(id)!;
        continue;
      }
      const directory = this.#newInode('directory', 2);
      current.entries!.set(step, directory.id);
      current = directory;
    }
  }

  #newInode(type: Inode['type'], nlink: number): Inode {
    const id = this.#inodes.size === 0 ? 0 : this.#nextId++;
    const inode: Inode = {
      id,
      type,
      data: Buffer.alloc(0),
      nlink,
      mtimeMs: this.#now(),
      change: ++this.#changes,
      entries: type === 'directory' ? new Map() : undefined,
    };
    this.#inodes.set(id, inode);
    return inode;
  }

  /** The server's clock stamps a change of content. */
  #stamp(inode: Inode): void {
    inode.mtimeMs = this.#now();
    inode.change = ++this.#changes;
  }

  /** A change of attributes only (a link count, a rename): the change counter moves, mtime does not. */
  #bump(inode: Inode): void {
    inode.change = ++this.#changes;
  }
}

function attributesOf(inode: Inode): Attributes {
  return {
    ino: inode.id,
    type: inode.type,
    nlink: inode.nlink,
    size: inode.data.length,
    mtimeMs: inode.mtimeMs,
    change: inode.change,
  };
}
