import { Buffer } from 'node:buffer';
import { dirname, resolve } from 'node:path';
import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import { asyncOperations } from './async-operations.js';
import { DirectoryWatchers } from './directory-watchers.js';
import {
  detectFilesystem,
  type FilesystemInfo,
  type IoMode,
  LOCAL_DISK_CAPABILITIES,
} from './filesystem-kind.js';
import type { FsOperations, MaybePromise } from './fs-operations.js';
import { IoModeCache } from './io-mode-cache.js';
import { syncOperations } from './sync-operations.js';

/**
 * How {@link NodeFsAdapter} makes its calls:
 * - `sync`: node:fs synchronous calls (a few µs each on a local disk), still returning promises;
 * - `async`: node:fs asynchronous calls through libuv's thread pool (tens of µs each, but a
 *   slow or hung server never blocks the event loop);
 * - `auto`: per directory, `sync` on local filesystems (ext2/3/4, xfs, btrfs, tmpfs, overlay,
 *   zfs, f2fs, ramfs) and `async` on anything else (NFS, SMB, FUSE, 9p, unknown) or where the
 *   filesystem cannot be detected (no `/proc/self/mountinfo`).
 */
export type NodeFsMode = IoMode | 'auto';

export interface NodeFsAdapterOptions {
  /** Replaces the declared capabilities field by field (see {@link NodeFsAdapter} for the defaults). */
  capabilities?: Partial<FsCapabilities>;
  /** @default 'auto' */
  mode?: NodeFsMode;
}

const DEFAULT_FILE_MODE = 0o644;
const MODES: readonly NodeFsMode[] = ['sync', 'async', 'auto'];

/**
 * The {@link FsAdapter} over `node:fs`.
 *
 * Every method returns a promise, and every failure is a rejection (never a synchronous
 * throw), whichever way the calls are made underneath (see {@link NodeFsMode}). Errors are
 * node:fs errors (`code`, `errno`, `syscall`, `path`), or `FsError`s shaped like them for the
 * checks the adapter makes itself (EISDIR, EFBIG).
 *
 * **Capabilities.** `capabilities` is read synchronously by the lock, but one adapter may serve
 * directories on several filesystems, and it cannot know them when it is constructed. So:
 * - `new NodeFsAdapter()` declares what a local disk offers (hard links, reliable nlink and
 *   inode numbers, 1 ms mtimes, a watch that sees every change) unless told otherwise through
 *   `options.capabilities`; its `auto` mode still picks synchronous or asynchronous calls per
 *   directory, at the first call there.
 * - {@link NodeFsAdapter.forDirectory} detects the filesystem of the lock's directory first and
 *   returns an adapter whose capabilities are honest for it (e.g. on sshfs: no reliable nlink or
 *   inode numbers, 1 s mtimes, a watch blind to other hosts). Use it for a lock on a network or
 *   FUSE mount: `createLock(path, { fs: await NodeFsAdapter.forDirectory(dirname(path)) })`.
 */
export class NodeFsAdapter implements FsAdapter {
  readonly capabilities: FsCapabilities;
  readonly mode: NodeFsMode;
  readonly #modes = new IoModeCache();
  readonly #watchers = new DirectoryWatchers();
  #filesystem: FilesystemInfo | undefined;

  constructor(options: NodeFsAdapterOptions = {}) {
    const mode = options.mode ?? 'auto';
    if (!MODES.includes(mode))
      throw new TypeError("Expected `mode` to be 'sync', 'async' or 'auto'");
    this.mode = mode;
    this.capabilities = Object.freeze({
      ...LOCAL_DISK_CAPABILITIES,
      ...definedFields(options.capabilities),
    });
  }

  /**
   * An adapter for locks in `directory`: detects its filesystem (Linux: `/proc/self/mountinfo`)
   * and declares the capabilities that are true there. Explicit `options.capabilities` fields
   * win over the detected ones, an explicit `sync`/`async` mode over the detected mode. Where the
   * filesystem cannot be detected, capabilities are a local disk's and calls are asynchronous.
   * Rejects when `directory` cannot be resolved (ENOENT, ...).
   */
  static async forDirectory(
    directory: string,
    options: NodeFsAdapterOptions = {},
  ): Promise<NodeFsAdapter> {
    const info = await detectFilesystem(directory);
    const adapter = new NodeFsAdapter({
      mode: options.mode ?? 'auto',
      capabilities: {
        ...(info?.capabilities ?? LOCAL_DISK_CAPABILITIES),
        ...definedFields(options.capabilities),
      },
    });
    adapter.#filesystem = info;
    adapter.#modes.remember(resolve(directory), info?.ioMode ?? 'async');
    return adapter;
  }

  /** What {@link NodeFsAdapter.forDirectory} detected; undefined for a constructed adapter. */
  get filesystem(): FilesystemInfo | undefined {
    return this.#filesystem;
  }

  /** How calls concerning entries of `directory` are made (detects it in `auto` mode). */
  async ioMode(directory: string): Promise<IoMode> {
    if (this.mode !== 'auto') return this.mode;
    return this.#modes.modeOf(resolve(directory));
  }

  writeFile(path: string, data: string, options: WriteFileOptions = {}): Promise<void> {
    return this.#run(path, (ops) =>
      ops.writeFile(
        path,
        Buffer.from(checkString(data, 'data'), 'utf8'),
        options.exclusive ?? false,
        options.mode ?? DEFAULT_FILE_MODE,
      ),
    );
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#run(path, (ops) => ops.read(path, checkMaxBytes(options)));
  }

  /**
   * `read` without the stats: no fstat, one call fewer (a thread-pool round trip in `async`
   * mode), and a single positioned read of `maxBytes` + 1 bytes. The lock reads through this,
   * so a subclass that changes what `read` returns must change this too.
   */
  readContent(path: string, options: { maxBytes: number }): Promise<string> {
    return this.#run(path, (ops) => ops.readContent(path, checkMaxBytes(options)));
  }

  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#run(path, (ops) =>
      ops.writeAt(path, checkOffset(offset), Buffer.from(checkString(data, 'data'), 'utf8')),
    );
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#run(newPath, (ops) => ops.link(existingPath, newPath));
  }

  unlink(path: string): Promise<void> {
    return this.#run(path, (ops) => ops.unlink(path));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#run(newPath, (ops) => ops.rename(oldPath, newPath));
  }

  stat(path: string): Promise<FsStats> {
    return this.#run(path, (ops) => ops.stat(path));
  }

  readdir(path: string): Promise<string[]> {
    return this.#runIn(path, (ops) => ops.readdir(path));
  }

  /**
   * Watches `directory` with `fs.watch` (not persistent: it never keeps the process alive).
   * One watcher per directory is shared by all subscribers of this adapter. When the watcher
   * fails it is closed and each subscriber is called once with `null`; when it cannot start,
   * the subscription never fires (waiters fall back to their backoff).
   */
  watch(directory: string, onChange: (filename: string | null) => void): () => void {
    return this.#watchers.subscribe(directory, onChange);
  }

  /**
   * Runs `call` with the operations for the directory that `path` is an entry of. Not an async
   * function: on the common path (the mode known) the only promise is the one returned, and a
   * synchronous call settles it at once. Every failure, a validation's included, is a rejection.
   */
  #run<T>(path: string, call: (ops: FsOperations) => MaybePromise<T>): Promise<T> {
    try {
      const mode = this.mode === 'auto' ? this.#modes.knownForEntry(path) : this.mode;
      if (mode !== undefined) return Promise.resolve(call(operationsFor(mode)));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#runIn(dirname(path), call);
  }

  /** Runs `call` with the operations for `directory` (detecting its mode in `auto` mode). */
  #runIn<T>(directory: string, call: (ops: FsOperations) => MaybePromise<T>): Promise<T> {
    try {
      if (this.mode !== 'auto') return Promise.resolve(call(operationsFor(this.mode)));
      // Lock paths are absolute (createLock resolves them), so the directory is usually a key
      // as it is: path.resolve() only for the rest.
      const known = this.#modes.known(directory);
      if (known !== undefined) return Promise.resolve(call(operationsFor(known)));
      return Promise.resolve(this.#modes.modeOf(resolve(directory))).then((mode) =>
        call(operationsFor(mode)),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function operationsFor(mode: IoMode): FsOperations {
  return mode === 'sync' ? syncOperations : asyncOperations;
}

function checkOffset(offset: number): number {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`Expected \`offset\` to be an integer >= 0, got ${String(offset)}`);
  }
  return offset;
}

function checkMaxBytes(options: { maxBytes: number }): number {
  const maxBytes = options?.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`Expected \`maxBytes\` to be an integer >= 0, got ${String(maxBytes)}`);
  }
  return maxBytes;
}

function checkString(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw new TypeError(`Expected \`${name}\` to be a string, got ${typeof value}`);
  return value;
}

/** The fields of `partial` that are set (a JavaScript caller may pass `undefined` for "default"). */
function definedFields<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  if (partial === undefined || partial === null) return {};
  return Object.fromEntries(
    Object.entries(partial).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
