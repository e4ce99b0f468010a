import type { FileRead, FsStats, WriteFileOptions } from '@linklock/core';
import { errorCode } from '@linklock/core';
import type { LegacyFs } from '../../../src/algorithms/algorithm.js';

export type FsOp =
  | 'writeFile'
  | 'read'
  | 'writeAt'
  | 'link'
  | 'unlink'
  | 'rename'
  | 'stat'
  | 'readdir'
  | 'utimes';

/** One call as the caller saw it; `path` is the name acted on (for `link`, the new name). */
export interface FsCall {
  op: FsOp;
  path: string;
  outcome: string;
}

/** Wraps one call: `proceed` performs it on the disk; whatever this returns or throws is the reply. */
export type Around = (proceed: () => Promise<unknown>) => Promise<unknown>;

interface Hook {
  op: FsOp;
  path: string;
  nth: number;
  every: boolean;
  seen: number;
  around: Around;
}

/**
 * One process's door to the shared disk, for exact interleavings: `before()` runs a step of
 * another process just before a chosen call of this one (the 1st, 2nd, ... call of an op on a
 * path), `around()` rewrites a reply. Every call is recorded with the outcome the caller saw.
 */
export class HookedFs implements LegacyFs {
  readonly calls: FsCall[] = [];
  readonly #disk: LegacyFs;
  readonly #hooks: Hook[] = [];

  constructor(disk: LegacyFs) {
    this.#disk = disk;
  }

  get capabilities() {
    return this.#disk.capabilities;
  }

  /** Runs `step` (awaited) just before the `nth` call of `op` on `path`, then performs the call. */
  before(op: FsOp, path: string, step: () => unknown, nth = 1): void {
    this.around(
      op,
      path,
      async (proceed) => {
        await step();
        return proceed();
      },
      { nth },
    );
  }

  /** Wraps the `nth` call of `op` on `path` (or every one from the `nth` on, with `every`). */
  around(
    op: FsOp,
    path: string,
    around: Around,
    options: { nth?: number; every?: boolean } = {},
  ): void {
    this.#hooks.push({
      op,
      path,
      nth: options.nth ?? 1,
      every: options.every ?? false,
      seen: 0,
      around,
    });
  }

  /** Recorded calls as `op outcome` strings, the path shown as `lock`, `claim` or itself. */
  trace(lockfile: string): string[] {
    return this.calls.map(({ op, path, outcome }) => {
      const name = path === lockfile ? 'lock' : path.startsWith(lockfile) ? 'claim' : path;
      return `${op} ${name} ${outcome}`;
    });
  }

  count(op: FsOp, path?: string): number {
    return this.calls.filter((call) => call.op === op && (path === undefined || call.path === path))
      .length;
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#call('writeFile', path, () => this.#disk.writeFile(path, data, options));
  }
  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#call('read', path, () => this.#disk.read(path, options));
  }
  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#call('writeAt', path, () => this.#disk.writeAt(path, offset, data));
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call('link', newPath, () => this.#disk.link(existingPath, newPath));
  }
  unlink(path: string): Promise<void> {
    return this.#call('unlink', path, () => this.#disk.unlink(path));
  }
  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call('rename', oldPath, () => this.#disk.rename(oldPath, newPath));
  }
  stat(path: string): Promise<FsStats> {
    return this.#call('stat', path, () => this.#disk.stat(path));
  }
  readdir(path: string): Promise<string[]> {
    return this.#call('readdir', path, () => this.#disk.readdir(path));
  }
  utimes(path: string, mtimeMs: number): Promise<void> {
    return this.#call('utimes', path, () => this.#disk.utimes(path, mtimeMs));
  }

  async #call<T>(op: FsOp, path: string, perform: () => Promise<T>): Promise<T> {
    const hook = this.#take(op, path);
    try {
      const result = hook ? ((await hook.around(perform)) as T) : await perform();
      this.calls.push({ op, path, outcome: 'ok' });
      return result;
    } catch (error) {
      this.calls.push({ op, path, outcome: errorCode(error) ?? 'error' });
      throw error;
    }
  }

  #take(op: FsOp, path: string): Hook | undefined {
    for (const hook of this.#hooks) {
      if (hook.op !== op || hook.path !== path) continue;
      hook.seen += 1;
      if (hook.seen === hook.nth || (hook.every && hook.seen > hook.nth)) return hook;
    }
    return undefined;
  }
}
