import { parentOf } from '../server/path-parts.js';

/** A cached name lookup: the inode a name led to, or `null` for "no such name". */
export interface LookupEntry {
  ino: number | null;
  /** The directory's change attribute when the answer was obtained. */
  directoryChange: number;
}

/**
 * A client's name lookup cache (the dentry cache). An entry stays valid while its directory is
 * unchanged as far as this client knows: when revalidating the directory's attributes shows a
 * change made elsewhere, the directory's entries are dropped. Found names and missing names are
 * both cached with `lookupcache=all`, found ones only with `positive`, none with `none`.
 */
export class LookupCache {
  /**
   * Entries by directory, then by path: revalidating a directory visits its own entries only,
   * not every name the client has cached.
   */
  readonly #directories = new Map<string, Map<string, LookupEntry>>();
  readonly #mode: 'all' | 'positive' | 'none';

  constructor(mode: 'all' | 'positive' | 'none') {
    this.#mode = mode;
  }

  get(path: string): LookupEntry | undefined {
    return this.#directories.get(parentOf(path))?.get(path);
  }

  store(path: string, ino: number | null, directoryChange: number): void {
    if (this.#mode === 'none' || (ino === null && this.#mode === 'positive')) {
      this.forget(path);
      return;
    }
    const directory = parentOf(path);
    let entries = this.#directories.get(directory);
    if (entries === undefined) {
      entries = new Map();
      this.#directories.set(directory, entries);
    }
    entries.set(path, { ino, directoryChange });
  }

  forget(path: string): void {
    this.#directories.get(parentOf(path))?.delete(path);
  }

  /** Drops every entry of a directory whose cached view no longer matches `change`. */
  revalidateDirectory(directory: string, change: number): void {
    const entries = this.#directories.get(directory);
    if (entries === undefined) return;
    for (const [path, entry] of entries) {
      if (entry.directoryChange !== change) entries.delete(path);
    }
  }

  /**
   * After an operation of this client changed the directory from `before` to `after`: entries
   * that were current stay current (Linux compares the pre-operation attributes); a directory
   * changed elsewhere meanwhile loses its entries.
   */
  directoryChanged(directory: string, before: number, after: number): void {
    const entries = this.#directories.get(directory);
    if (entries === undefined) return;
    for (const [path, entry] of entries) {
      if (entry.directoryChange === before) entry.directoryChange = after;
      else entries.delete(path);
    }
  }
}
