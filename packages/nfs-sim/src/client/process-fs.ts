import type { FileRead, FsCapabilities, FsStats, WriteFileOptions } from '@linklock/core';
import type { LegacyFs } from '../algorithms/algorithm.js';
import { NfsStatus } from '../server/nfs-status.js';
import { quickError } from '../sim/quick-error.js';
import type { TraceSink } from '../sim/trace-sink.js';
import type { Errno, FileOp } from '../trace/codes.js';
import type { NfsClient } from './nfs-client.js';

/**
 * One simulated process's filesystem: its host's NFS client, with every call attributed to the
 * process (so its pauses and crash apply to its replies) and recorded in the trace. This is the
 * `FsAdapter` the lock under test is given.
 */
export class ProcessFs implements LegacyFs {
  readonly capabilities: FsCapabilities;
  readonly #client: NfsClient;
  readonly #pid: number;
  readonly #trace: TraceSink;

  constructor(client: NfsClient, pid: number, trace: TraceSink) {
    this.#client = client;
    this.#pid = pid;
    this.#trace = trace;
    this.capabilities = client.capabilities;
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#traced('writeFile', path, () =>
      this.#client.create(this.#pid, path, data, { exclusive: options?.exclusive ?? false }),
    );
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#traced('read', path, async () => {
      const { data, attributes } = await this.#client.read(this.#pid, path);
      if (attributes.type !== 'file') throw quickError('EISDIR', { syscall: 'read', path });
      if (Buffer.byteLength(data) > options.maxBytes)
        throw quickError('EFBIG', { syscall: 'read', path });
      return { data, stats: this.#client.presentStats(path, attributes) };
    });
  }

  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#traced('writeAt', path, () => this.#client.write(this.#pid, path, offset, data));
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#traced('link', newPath, () => this.#client.link(this.#pid, existingPath, newPath));
  }

  unlink(path: string): Promise<void> {
    return this.#traced('unlink', path, () => this.#client.remove(this.#pid, path));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#traced('rename', oldPath, () => this.#client.rename(this.#pid, oldPath, newPath));
  }

  stat(path: string): Promise<FsStats> {
    return this.#traced('stat', path, async () => {
      const ino = await this.#client.lookup(this.#pid, path);
      return this.#client.presentStats(
        path,
        await this.#client.getattr(this.#pid, path, ino, { revalidate: false }),
      );
    });
  }

  readdir(path: string): Promise<string[]> {
    return this.#traced('readdir', path, () => this.#client.readdir(this.#pid, path));
  }

  utimes(path: string, mtimeMs: number): Promise<void> {
    return this.#traced('utimes', path, () => this.#client.setMtime(this.#pid, path, mtimeMs));
  }

  async #traced<T>(op: FileOp, path: string, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.#trace.op(this.#pid, this.#client.name, op, path, 'ok');
      return result;
    } catch (error) {
      // The client rejects with its errno (NfsStatus, quickError); without one, a bug: 'error'.
      const code = (error as { code?: Errno }).code ?? 'error';
      this.#trace.op(this.#pid, this.#client.name, op, path, code);
      throw withPath(error, path);
    }
  }
}

/**
 * An NFS error reply becomes the `FsError` the caller sees, naming the path it asked about, as
 * node:fs errors do. (The client's own errors are `FsError`s already.)
 */
function withPath(error: unknown, path: string): unknown {
  if (error instanceof NfsStatus) {
    return quickError(error.code, { path: error.path ?? path, syscall: error.syscall });
  }
  return error;
}
