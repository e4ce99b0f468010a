import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';

/** An adapter with a watch, as `NodeFsAdapter` always has. */
type WatchingFs = FsAdapter & Required<Pick<FsAdapter, 'watch'>>;

/**
 * An adapter on another view of a directory (`--other-view`), taking the paths of the first:
 * `from/...` is reached as `to/...`. So the conformance suite's two processes can share one
 * lock path while one of them goes through the other view's caches, as a second host would.
 * Errors name the caller's paths, as the contract asks.
 */
export class ViewMappedFs implements FsAdapter {
  readonly capabilities: FsCapabilities;
  readonly #inner: WatchingFs;
  readonly #from: string;
  readonly #to: string;

  constructor(inner: WatchingFs, from: string, to: string) {
    this.#inner = inner;
    this.#from = from;
    this.#to = to;
    this.capabilities = inner.capabilities;
  }

  watch(directory: string, onChange: (filename: string | null) => void): () => void {
    return this.#inner.watch(this.#map(directory), onChange);
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#call(() => this.#inner.writeFile(this.#map(path), data, options));
  }
  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#call(() => this.#inner.read(this.#map(path), options));
  }
  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#call(() => this.#inner.writeAt(this.#map(path), offset, data));
  }
  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call(() => this.#inner.link(this.#map(existingPath), this.#map(newPath)));
  }
  unlink(path: string): Promise<void> {
    return this.#call(() => this.#inner.unlink(this.#map(path)));
  }
  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call(() => this.#inner.rename(this.#map(oldPath), this.#map(newPath)));
  }
  stat(path: string): Promise<FsStats> {
    return this.#call(() => this.#inner.stat(this.#map(path)));
  }
  readdir(path: string): Promise<string[]> {
    return this.#call(() => this.#inner.readdir(this.#map(path)));
  }

  #map(path: string): string {
    if (path === this.#from || path.startsWith(`${this.#from}/`)) {
      return `${this.#to}${path.slice(this.#from.length)}`;
    }
    return path;
  }

  async #call<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const path = (error as { path?: unknown })?.path;
      if (typeof path === 'string' && (path === this.#to || path.startsWith(`${this.#to}/`))) {
        const original = `${this.#from}${path.slice(this.#to.length)}`;
        Object.assign(error as object, { path: original });
      }
      throw error;
    }
  }
}
