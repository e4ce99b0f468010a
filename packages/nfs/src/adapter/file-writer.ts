import { randomBytes } from 'node:crypto';
import type { SetAttributes } from '../nfs3/attributes.js';
import type { CreateHow, Nfs3Client } from '../nfs3/nfs3-client.js';
import { CREATE_VERIFIER_BYTES } from '../nfs3/nfs3-constants.js';
import { RpcCallError } from '../rpc/rpc-call-error.js';
import type { DirectoryHandles } from './directory-handles.js';

/** A file's place: the directory (a path inside the export) and its name there. */
export interface FilePlace {
  directory: string;
  name: string;
}

/**
 * How the adapter writes: whole files (CREATE, then the content) and data in place (WRITE
 * FILE_SYNC, in pieces the server accepts).
 */
export class FileWriter {
  readonly #client: Nfs3Client;
  readonly #directories: DirectoryHandles;
  readonly #writeMaxBytes: number;

  constructor(client: Nfs3Client, directories: DirectoryHandles, writeMaxBytes: number) {
    this.#client = client;
    this.#directories = directories;
    this.#writeMaxBytes = writeMaxBytes;
  }

  /** Creates (or with `exclusive`, only creates) the file at `place` holding `bytes`. */
  async writeFile(
    place: FilePlace,
    bytes: Buffer,
    mode: number,
    exclusive: boolean,
  ): Promise<void> {
    const { handle, created, attributes } = await this.#create(place, mode, exclusive);
    try {
      // Sent together: independent calls on one handle, one round trip instead of two.
      await allSettled([
        attributes === undefined ? undefined : this.#client.setattr(handle, attributes),
        this.write(handle, 0, bytes),
      ]);
    } catch (error) {
      // A file this call made and could not fill is removed: no half-written claim remains.
      if (created) await this.#removeQuietly(place);
      throw error;
    }
  }

  /** Writes `bytes` at `offset` with FILE_SYNC, in as many WRITEs as the server needs. */
  async write(handle: Buffer, offset: number, bytes: Buffer): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const chunk = bytes.subarray(written, written + this.#writeMaxBytes);
      const { count } = await this.#client.write(handle, offset + written, chunk);
      if (count === 0) throw new RpcCallError('EIO', 'the server wrote 0 bytes');
      written += count;
    }
  }

  /**
   * An exclusive create is CREATE EXCLUSIVE with a fresh verifier, as Linux makes O_EXCL over
   * NFSv3: its retransmission succeeds even where the server's duplicate request cache forgot it
   * (GUARDED would then answer EEXIST to the file this very call made, leaving it empty); the
   * mode and the server's times are set next (`attributes`), since EXCLUSIVE sets none. Without
   * `exclusive`, GUARDED first (a new file gets `mode`), then UNCHECKED with size 0 over an
   * existing file (truncated, its mode kept, as open(O_TRUNC) does).
   */
  async #create(place: FilePlace, mode: number, exclusive: boolean) {
    const create = (how: CreateHow) =>
      this.#directories.inDirectory(place.directory, async (dir) => {
        const result = await this.#client.create(dir, place.name, how);
        return result.handle ?? (await this.#client.lookup(dir, place.name)).handle;
      });
    if (exclusive) {
      const handle = await create({
        mode: 'exclusive',
        verifier: randomBytes(CREATE_VERIFIER_BYTES),
      });
      const attributes: SetAttributes = { mode, atime: 'server', mtime: 'server' };
      return { handle, created: true, attributes };
    }
    try {
      return { handle: await create({ mode: 'guarded', set: { mode } }), created: true };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      return { handle: await create({ mode: 'unchecked', set: { size: 0 } }), created: false };
    }
  }

  async #removeQuietly(place: FilePlace): Promise<void> {
    try {
      await this.#directories.inDirectory(place.directory, (dir) =>
        this.#client.remove(dir, place.name),
      );
    } catch {
      // The original failure is what the caller needs to hear about.
    }
  }
}

/** Waits for every call to end, then rejects with the first failure (nothing still in flight). */
async function allSettled(calls: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(calls);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
