import {
  type FileRead,
  type FsAdapter,
  FsError,
  type FsStats,
  type WriteFileOptions,
} from '@linklock/core';

const utf8 = new TextEncoder();

/** The most UTF-8 bytes in one name of a path, as Linux, the BSDs and macOS allow. */
export const NAME_MAX = 255;

/**
 * An adapter that refuses, as a real kernel does (ENAMETOOLONG), every path with a name longer
 * than NAME_MAX bytes. memfs has no such limit, so without this a memfs test would let the lock
 * make names no disk accepts.
 */
export class NameMaxFs implements FsAdapter {
  readonly capabilities;
  readonly #inner: FsAdapter;
  /** Every path refused, for tests that want to see the limit was reached. */
  readonly refused: string[] = [];

  constructor(inner: FsAdapter) {
    this.#inner = inner;
    this.capabilities = inner.capabilities;
    if (inner.watch !== undefined) {
      const watch = inner.watch.bind(inner);
      (this as { watch?: NameMaxFs['watch'] }).watch = (directory, onChange) =>
        watch(this.#checked('watch', directory), onChange);
    }
  }

  declare readonly watch?: (
    directory: string,
    onChange: (filename: string | null) => void,
  ) => () => void;

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#call('open', [path], () => this.#inner.writeFile(path, data, options));
  }
  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#call('open', [path], () => this.#inner.read(path, options));
  }
  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#call('open', [path], () => this.#inner.writeAt(path, offset, data));
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call('link', [existingPath, newPath], () =>
      this.#inner.link(existingPath, newPath),
    );
  }
  unlink(path: string): Promise<void> {
    return this.#call('unlink', [path], () => this.#inner.unlink(path));
  }
  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call('rename', [oldPath, newPath], () => this.#inner.rename(oldPath, newPath));
  }
  stat(path: string): Promise<FsStats> {
    return this.#call('lstat', [path], () => this.#inner.stat(path));
  }
  readdir(path: string): Promise<string[]> {
    return this.#call('scandir', [path], () => this.#inner.readdir(path));
  }

  async #call<T>(syscall: string, paths: string[], body: () => Promise<T>): Promise<T> {
    for (const path of paths) this.#checked(syscall, path);
    return body();
  }

  #checked(syscall: string, path: string): string {
    if (path.split('/').some((name) => utf8.encode(name).length > NAME_MAX)) {
      this.refused.push(path);
      throw new FsError('ENAMETOOLONG', { syscall, path });
    }
    return path;
  }
}
