import type { Nfs3Client } from '../nfs3/nfs3-client.js';
import { Nfs3StatusError } from '../nfs3/nfs3-status-error.js';
import { splitPath } from './nfs-paths.js';

/**
 * The file handles of directories, by path inside the export. Directories are the one thing the
 * adapter caches: a handle names the directory itself, so it stays right while the directory
 * exists (a directory renamed on the server keeps its handle: the cache follows it). A removed
 * directory's handle answers NFS3ERR_STALE on most servers, and NFS3ERR_NOENT on others
 * (nfs-ganesha's VFS backend creates nothing in, and finds nothing in, a removed directory):
 * {@link DirectoryHandles.inDirectory} then looks the path up afresh and, when it names another
 * directory now, runs the call again there. Files are never cached: every decision of the lock
 * reads fresh.
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
    return this.#lookUpDirectory(await this.resolve(split.directory), split.name, path);
  }

  /**
   * Runs `operation` with the handle of `directory`. When the call fails with ESTALE or
   * ENOENT and the handle came from the cache, looks the directory up afresh from the root:
   * if the path now names another directory (the old one was removed, perhaps made again), runs
   * once more there — a call on a removed directory did nothing. `operation` should make the one
   * call that uses the directory's handle, so that a file's own failure is not taken for the
   * directory's.
   */
  async inDirectory<T>(directory: string, operation: (handle: Buffer) => Promise<T>): Promise<T> {
    const cached = directory !== '/' && this.#handles.has(directory);
    const handle = await this.resolve(directory);
    try {
      return await operation(handle);
    } catch (error) {
      if (!(cached && mayBeRemovedDirectory(error))) throw error;
      const fresh = await this.#resolveFresh(directory).catch(() => undefined);
      if (fresh === undefined || fresh.equals(handle)) throw error;
      return operation(fresh);
    }
  }

  /** Looks every component of `path` up again, replacing what the cache held. */
  async #resolveFresh(path: string): Promise<Buffer> {
    let handle = this.root;
    let walked = '';
    for (const name of path.split('/').filter((part) => part !== '')) {
      walked = `${walked}/${name}`;
      this.#handles.delete(walked);
      handle = await this.#lookUpDirectory(handle, name, walked);
    }
    return handle;
  }

  async #lookUpDirectory(parent: Buffer, name: string, path: string): Promise<Buffer> {
    const { handle, attributes } = await this.#client.lookup(parent, name);
    const type = attributes?.type ?? (await this.#client.getattr(handle)).type;
    if (type !== 'directory') throw new Nfs3StatusError('LOOKUP', NFS3ERR_NOTDIR);
    this.#handles.set(path, handle);
    return handle;
  }
}

const NFS3ERR_NOTDIR = 20;

function mayBeRemovedDirectory(error: unknown): boolean {
  return error instanceof Nfs3StatusError && (error.code === 'ESTALE' || error.code === 'ENOENT');
}
