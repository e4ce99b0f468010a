import {
  errorCode,
  type FileRead,
  type FsAdapter,
  type FsCapabilities,
  FsError,
  type FsStats,
  type WriteFileOptions,
} from '@linklock/core';

export interface PrefixedFsOptions {
  /** The directory of the inner adapter that this adapter's `/` stands for, e.g. `/tenants/acme`. */
  prefix: string;
  /** Called with one line per call and its outcome (`link /a /b -> EEXIST`). */
  log?: (line: string) => void;
}

/**
 * An `FsAdapter` that keeps everything under a prefix directory of another adapter (one
 * tenant's corner of a shared volume, say) and logs each call. Paths given to it are the
 * caller's (`/jobs.lock`); errors name the caller's paths too, never the inner ones: the lock
 * and its users only ever see the paths they asked about.
 *
 * It declares exactly the inner adapter's capabilities: a prefix changes no semantics.
 */
export class PrefixedFs implements FsAdapter {
  readonly capabilities: FsCapabilities;
  declare readonly watch?: (
    directory: string,
    onChange: (filename: string | null) => void,
  ) => () => void;
  readonly #inner: FsAdapter;
  readonly #prefix: string;
  readonly #log: (line: string) => void;

  constructor(inner: FsAdapter, options: PrefixedFsOptions) {
    this.#inner = inner;
    this.#prefix = options.prefix.replace(/\/+$/, '');
    this.#log = options.log ?? (() => {});
    this.capabilities = inner.capabilities;
    // Only offer a watch when the inner adapter has one: waiters then fall back to backoff.
    if (inner.watch !== undefined) {
      const watch = inner.watch.bind(inner);
      this.watch = (directory, onChange) => watch(this.#inside(directory), onChange);
    }
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#call('writeFile', [path], () =>
      this.#inner.writeFile(this.#inside(path), data, options),
    );
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#call('read', [path], () => this.#inner.read(this.#inside(path), options));
  }

  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#call('writeAt', [path], () =>
      this.#inner.writeAt(this.#inside(path), offset, data),
    );
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call('link', [existingPath, newPath], () =>
      this.#inner.link(this.#inside(existingPath), this.#inside(newPath)),
    );
  }

  unlink(path: string): Promise<void> {
    return this.#call('unlink', [path], () => this.#inner.unlink(this.#inside(path)));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call('rename', [oldPath, newPath], () =>
      this.#inner.rename(this.#inside(oldPath), this.#inside(newPath)),
    );
  }

  stat(path: string): Promise<FsStats> {
    return this.#call('stat', [path], () => this.#inner.stat(this.#inside(path)));
  }

  readdir(path: string): Promise<string[]> {
    return this.#call('readdir', [path], () => this.#inner.readdir(this.#inside(path)));
  }

  /** The inner adapter's path for the caller's absolute `path`. */
  #inside(path: string): string {
    if (!path.startsWith('/'))
      throw new TypeError(`PrefixedFs: expected an absolute path, got '${path}'`);
    return path === '/' ? this.#prefix : `${this.#prefix}${path}`;
  }

  async #call<T>(operation: string, paths: string[], run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.#log(`${operation} ${paths.join(' ')} -> ok`);
      return result;
    } catch (error) {
      this.#log(`${operation} ${paths.join(' ')} -> ${errorCode(error) ?? 'error'}`);
      throw this.#outside(error, paths);
    }
  }

  /** The inner error, re-addressed to the caller's path (the code, which the lock reads, kept). */
  #outside(error: unknown, paths: string[]): unknown {
    const code = errorCode(error);
    if (code === undefined) return error;
    const { syscall, path } = error as { syscall?: string; path?: unknown };
    const inner = typeof path === 'string' ? path : undefined;
    const caller = paths.find((candidate) => this.#inside(candidate) === inner) ?? paths[0]!;
    return new FsError(code, {
      path: caller,
      ...(syscall === undefined ? {} : { syscall }),
      cause: error,
    });
  }
}
