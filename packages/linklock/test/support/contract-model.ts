/**
 * A reference model of the FsAdapter contract (docs/writing-an-adapter.md, the cases of
 * @linklock/conformance): a map of relative path → file, directory or symlink, and what each
 * operation may do to it. Property tests run random operations on a real adapter and on this
 * model, and demand that the adapter did one of the things the model allows.
 *
 * The model allows exactly what the contract allows:
 * - where the contract names an outcome (EEXIST from an exclusive create over any name, ENOENT,
 *   EISDIR and ELOOP from read, ...), that outcome and no other;
 * - where two outcomes both keep its letter, both: `rename` between two names of one file may
 *   leave both (POSIX) or remove the old name (the contract's "the old name gone");
 * - where it only says that a call fails (a path under a file, a directory where a file is
 *   needed: the errors a lock's directory can give, which the lock passes on), any errno
 *   code, with the tree unchanged: the contract asks every rejection for a code and a path;
 * - where it says nothing at all and POSIX would succeed (writing through a symlink, linking
 *   one, renaming a directory), the operation is not tried: `outside`.
 *
 * Directories and symlinks are made through the storage itself (`mkdir`, `rmdir`, `symlink`),
 * as the conformance suite's `makeSymlink` hook does: the contract has no such operations.
 */

export type Entry = { kind: 'file'; inode: number } | { kind: 'dir' } | { kind: 'symlink' };

/** One step of a test: a contract operation, or a change made through the storage. */
export type Operation =
  | { op: 'writeFile'; path: string; data: string; exclusive: boolean }
  | { op: 'read'; path: string; maxBytes: number }
  | { op: 'writeAt'; path: string; offset: number; data: string }
  | { op: 'link'; from: string; to: string }
  | { op: 'unlink'; path: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'stat'; path: string }
  | { op: 'readdir'; path: string }
  | { op: 'mkdir'; path: string }
  | { op: 'rmdir'; path: string }
  | { op: 'symlink'; target: string; path: string };

/** What an operation resolved with, in a form two adapters' answers can be compared in. */
export type Answer =
  | undefined
  | { data: string; size: number; nlink: number }
  /** `kind` is an {@link Entry}'s, or what an adapter reported instead. */
  | { kind: string; size?: number; nlink?: number }
  | string[];

/** How an operation may end. */
export type Outcome =
  | { resolves: Answer }
  | { rejects: readonly string[] }
  /** Rejects with an errno code, whichever: the contract says only that it fails. */
  | { fails: true };

/** One thing an operation may do: how it ends, and the tree after it. */
export interface Allowed {
  outcome: Outcome;
  after: ContractModel;
}

/** What a tree looks like, path by path: what both a model and a real adapter can show. */
export type Snapshot = Record<string, { kind: Entry['kind']; data?: string; nlink?: number }>;

type Lookup = { found: Entry } | { missing: 'name' | 'directory' } | { blocked: true };

export class ContractModel {
  /** Relative paths; the root directory is `''`. */
  readonly #entries: Map<string, Entry>;
  readonly #contents: Map<number, Buffer>;
  #nextInode: number;

  constructor(
    entries = new Map<string, Entry>([['', { kind: 'dir' }]]),
    contents = new Map<number, Buffer>(),
    nextInode = 1,
  ) {
    this.#entries = entries;
    this.#contents = contents;
    this.#nextInode = nextInode;
  }

  /** What `operation` may do from this state; `outside` when the contract does not say. */
  allowed(operation: Operation): Allowed[] | 'outside' {
    switch (operation.op) {
      case 'writeFile':
        return this.#writeFile(operation.path, operation.data, operation.exclusive);
      case 'read':
        return this.#read(operation.path, operation.maxBytes);
      case 'writeAt':
        return this.#writeAt(operation.path, operation.offset, operation.data);
      case 'link':
        return this.#link(operation.from, operation.to);
      case 'unlink':
        return this.#unlink(operation.path);
      case 'rename':
        return this.#rename(operation.from, operation.to);
      case 'stat':
        return this.#stat(operation.path);
      case 'readdir':
        return this.#readdir(operation.path);
      case 'mkdir':
        return this.#makeInFreeName(operation.path, { kind: 'dir' });
      case 'rmdir':
        return this.#rmdir(operation.path);
      case 'symlink':
        return this.#makeInFreeName(operation.path, { kind: 'symlink' });
    }
  }

  /** The whole tree, as {@link Snapshot}; link counts only when `withNlink`. */
  snapshot(withNlink: boolean): Snapshot {
    const snapshot: Snapshot = {};
    for (const [path, entry] of [...this.#entries].sort(([a], [b]) => a.localeCompare(b))) {
      if (path === '') continue;
      if (entry.kind !== 'file') {
        snapshot[path] = { kind: entry.kind };
        continue;
      }
      const data = this.#content(entry).toString('utf8');
      snapshot[path] = withNlink
        ? { kind: 'file', data, nlink: this.#nlink(entry.inode) }
        : { kind: 'file', data };
    }
    return snapshot;
  }

  #writeFile(path: string, data: string, exclusive: boolean): Allowed[] | 'outside' {
    const at = this.#lookup(path);
    if ('blocked' in at) return this.#fails();
    if ('missing' in at) {
      if (at.missing === 'directory') return this.#rejects('ENOENT');
      return this.#resolves(undefined, (next) => next.#create(path, Buffer.from(data)));
    }
    if (exclusive) return this.#rejects('EEXIST');
    if (at.found.kind === 'dir') return this.#fails();
    if (at.found.kind === 'symlink') return 'outside';
    const inode = at.found.inode;
    return this.#resolves(undefined, (next) => next.#contents.set(inode, Buffer.from(data)));
  }

  #read(path: string, maxBytes: number): Allowed[] {
    const at = this.#lookup(path);
    if ('blocked' in at) return this.#fails();
    if ('missing' in at) return this.#rejects('ENOENT');
    if (at.found.kind === 'dir') return this.#rejects('EISDIR');
    if (at.found.kind === 'symlink') return this.#rejects('ELOOP');
    const content = this.#content(at.found);
    if (content.length > maxBytes) return this.#rejects('EFBIG');
    const nlink = this.#nlink(at.found.inode);
    return this.#resolves({ data: content.toString('utf8'), size: content.length, nlink });
  }

  #writeAt(path: string, offset: number, data: string): Allowed[] | 'outside' {
    const at = this.#lookup(path);
    if ('blocked' in at) return this.#fails();
    if ('missing' in at) return this.#rejects('ENOENT');
    if (at.found.kind === 'dir') return this.#fails();
    if (at.found.kind === 'symlink') return this.#rejects('ELOOP');
    const { inode } = at.found;
    const old = this.#content(at.found);
    // The lock writes only within its claim; past the end is not the contract's business.
    if (offset > old.length) return 'outside';
    const bytes = Buffer.from(data);
    const written = Buffer.alloc(Math.max(old.length, offset + bytes.length));
    old.copy(written);
    bytes.copy(written, offset);
    return this.#resolves(undefined, (next) => next.#contents.set(inode, written));
  }

  #link(from: string, to: string): Allowed[] | 'outside' {
    const source = this.#lookup(from);
    const target = this.#lookup(to);
    if ('blocked' in source || 'blocked' in target) return this.#fails();
    if ('missing' in source) {
      if ('found' in target) return this.#rejects('ENOENT', 'EEXIST');
      return target.missing === 'name' ? this.#rejects('ENOENT') : this.#fails();
    }
    if (source.found.kind === 'dir') return this.#fails();
    if (source.found.kind === 'symlink') return 'outside';
    if ('found' in target) return this.#rejects('EEXIST');
    if (target.missing === 'directory') return this.#fails();
    const entry = source.found;
    return this.#resolves(undefined, (next) => next.#entries.set(to, entry));
  }

  #unlink(path: string): Allowed[] {
    const at = this.#lookup(path);
    if ('blocked' in at) return this.#fails();
    if ('missing' in at) return this.#rejects('ENOENT');
    if (at.found.kind === 'dir') return this.#fails();
    return this.#resolves(undefined, (next) => next.#remove(path));
  }

  #rename(from: string, to: string): Allowed[] | 'outside' {
    const source = this.#lookup(from);
    const target = this.#lookup(to);
    if ('blocked' in source || 'blocked' in target) return this.#fails();
    if ('missing' in source) return this.#rejects('ENOENT');
    if (source.found.kind === 'dir') return 'outside';
    if ('missing' in target && target.missing === 'directory') return this.#fails();
    if ('found' in target && target.found.kind === 'dir') return this.#fails();
    const entry = source.found;
    const move = (next: ContractModel) => {
      next.#entries.set(to, entry);
      next.#remove(from);
    };
    if (from === to) return this.#resolves(undefined);
    if ('found' in target && sameFile(entry, target.found)) {
      // POSIX leaves both names; the contract's "the old name gone" removes this one.
      return [...this.#resolves(undefined), ...this.#resolves(undefined, move)];
    }
    return this.#resolves(undefined, (next) => {
      if ('found' in target) next.#remove(to);
      move(next);
    });
  }

  #stat(path: string): Allowed[] {
    const at = this.#lookup(path);
    if ('blocked' in at) return this.#fails();
    if ('missing' in at) return this.#rejects('ENOENT');
    const entry = at.found;
    if (entry.kind !== 'file') return this.#resolves({ kind: entry.kind });
    const size = this.#content(entry).length;
    return this.#resolves({ kind: 'file', size, nlink: this.#nlink(entry.inode) });
  }

  #readdir(path: string): Allowed[] {
    const at = this.#lookup(path);
    if ('blocked' in at) return this.#fails();
    if ('missing' in at) return this.#rejects('ENOENT');
    if (at.found.kind !== 'dir') return this.#fails();
    const prefix = path === '' ? '' : `${path}/`;
    const names = [...this.#entries.keys()]
      .filter((other) => other !== path && other.startsWith(prefix))
      .map((other) => other.slice(prefix.length))
      .filter((name) => !name.includes('/'))
      .sort();
    return this.#resolves(names);
  }

  /** The storage's mkdir and symlink: tried only where they certainly succeed. */
  #makeInFreeName(path: string, entry: Entry): Allowed[] | 'outside' {
    const at = this.#lookup(path);
    if (!('missing' in at) || at.missing !== 'name') return 'outside';
    return this.#resolves(undefined, (next) => next.#entries.set(path, entry));
  }

  #rmdir(path: string): Allowed[] | 'outside' {
    const at = this.#lookup(path);
    if (path === '' || !('found' in at) || at.found.kind !== 'dir') return 'outside';
    if ([...this.#entries.keys()].some((other) => other.startsWith(`${path}/`))) return 'outside';
    return this.#resolves(undefined, (next) => next.#entries.delete(path));
  }

  /** What a path leads to; a parent that is a file or a symlink (to a file, or dangling) blocks. */
  #lookup(path: string): Lookup {
    const slash = path.lastIndexOf('/');
    if (slash >= 0) {
      const parent = this.#lookup(path.slice(0, slash));
      if ('blocked' in parent) return parent;
      if ('missing' in parent) return { missing: 'directory' };
      if (parent.found.kind !== 'dir') return { blocked: true };
    }
    const entry = this.#entries.get(path);
    return entry === undefined ? { missing: 'name' } : { found: entry };
  }

  #content(file: Extract<Entry, { kind: 'file' }>): Buffer {
    return this.#contents.get(file.inode) ?? Buffer.alloc(0);
  }

  #nlink(inode: number): number {
    return [...this.#entries.values()].filter(
      (entry) => entry.kind === 'file' && entry.inode === inode,
    ).length;
  }

  #create(path: string, content: Buffer): void {
    const inode = this.#nextInode++;
    this.#contents.set(inode, content);
    this.#entries.set(path, { kind: 'file', inode });
  }

  #remove(path: string): void {
    const entry = this.#entries.get(path);
    this.#entries.delete(path);
    if (entry?.kind === 'file' && this.#nlink(entry.inode) === 0)
      this.#contents.delete(entry.inode);
  }

  #resolves(answer: Answer, change?: (next: ContractModel) => void): Allowed[] {
    if (change === undefined) return [{ outcome: { resolves: answer }, after: this }];
    const next = this.#copy();
    change(next);
    return [{ outcome: { resolves: answer }, after: next }];
  }

  #rejects(...codes: string[]): Allowed[] {
    return [{ outcome: { rejects: codes }, after: this }];
  }

  #fails(): Allowed[] {
    return [{ outcome: { fails: true }, after: this }];
  }

  #copy(): ContractModel {
    return new ContractModel(new Map(this.#entries), new Map(this.#contents), this.#nextInode);
  }
}

function sameFile(a: Entry, b: Entry): boolean {
  return a.kind === 'file' && b.kind === 'file' && a.inode === b.inode;
}
