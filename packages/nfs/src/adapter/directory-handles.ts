import type { Nfs3Client } from '../nfs3/nfs3-client.js';
import { Nfs3StatusError } from '../nfs3/nfs3-status-error.js';
import { splitPath } from './nfs-paths.js';

/**
 * The file handles of directories, by path inside the export. Directories are the one thing the
 * adapter caches: a handle names the directory itself, so it stays right while the directory
 * exists (a directory renamed on the server keeps its handle: the cache follows it), and a
 * removed one answers NFS3ERR_STALE, after which {@link DirectoryHandles.inDirectory} forgets it
 * and looks the path up again. Files are never cached: every decision of the lock reads fresh.
 */
export class DirectoryHandles {
  readonly #client: Nfs3Client;
  readonly #handles = new Map<string, Buffer>();

  constructor(client: Nfs3Client, root: Buffer) {
    this.#client = client;
    this.#handles.set('/', root);
  }

  get root(): Buffer {
    return this.#handles.get('/')!;
  }

  /** The handle of the directory at `path`; rejects with NFS3ERR_NOENT or NFS3ERR_NOTDIR. */
  async resolve(path: string): Promise<Buffer> {
    const cached = this.#handles.get(path);
    if (cached !== undefined) return cached;
    const split = splitPath(path)!;
    const parent = await this.resolve(split.directory);
    const { handle, attributes } = await this.#client.lookup(parent, split.name);
    const type = attributes?.type ?? (await this.#client.getattr(handle)).type;
    if (type !== 'directory') throw new Nfs3StatusError('LOOKUP', NFS3ERR_NOTDIR);
    this.#handles.set(path, handle);
    return handle;
  }

  /**
   * Runs `operation` with the handle of `directory`. When the server says a cached handle is
   * stale (a directory was removed, perhaps made again), forgets every cached handle and runs
   * once more from fresh lookups: a stale handle means the call did nothing. `operation` should
   * make the one call that uses the directory's handle, so that a file's own staleness is not
   * mistaken for the directory's.
   */
  async inDirectory<T>(directory: string, operation: (handle: Buffer) => Promise<T>): Promise<T> {
    const usedCache = this.#handles.size > 1;
    try {
      return await operation(await this.resolve(directory));
    } catch (error) {
      if (!(usedCache && isStale(error))) throw error;
      this.#forgetAll();
      return operation(await this.resolve(directory));
    }
  }

  #forgetAll(): void {
    const root = this.root;
    this.#handles.clear();
    this.#handles.set('/', root);
  }
}

const NFS3ERR_NOTDIR = 20;

function isStale(error: unknown): boolean {
  return error instanceof Nfs3StatusError && error.code === 'ESTALE';
}
