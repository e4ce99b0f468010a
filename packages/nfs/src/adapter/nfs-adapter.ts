import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import type { Attributes } from '../nfs3/attributes.js';
import type { Nfs3Client } from '../nfs3/nfs3-client.js';
import { FSF3_LINK, type ProcedureName } from '../nfs3/nfs3-constants.js';
import type { RpcTransport } from '../rpc/rpc-transport.js';
import { type NfsConnectOptions, resolveConnectOptions } from './connect-options.js';
import { DirectoryHandles } from './directory-handles.js';
import { FileWriter } from './file-writer.js';
import { type FailedOperation, fsErrorFrom, nodeLikeError } from './fs-error-from.js';
import { type MountedExport, mountExport } from './mount-export.js';
import { normalizeInExport, splitPath } from './nfs-paths.js';
import { toFsStats } from './nfs-stats.js';
import { parseNfsUrl } from './nfs-url.js';

/** RPC traffic of one adapter, for benchmarks and for seeing what a lock costs over the wire. */
export interface NfsStatistics {
  /** NFS calls per procedure (a retransmission is not a new call). */
  calls: Partial<Record<ProcedureName, number>>;
  /** All NFS calls. */
  totalCalls: number;
  retransmissions: number;
  connections: number;
}

const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_DIRECTORY_MODE = 0o755;

/**
 * An `FsAdapter` that speaks NFS version 3 over TCP itself (RFC 1813): no kernel mount, no
 * privileges, so a Node process in a container, on macOS or on Windows can lock on a NAS.
 * Paths are inside the export (`/` is its root). Nothing about files is cached (every read
 * and every decision goes to the server); directory handles are, until the server calls them
 * stale. Requests are retransmitted like a hard mount's (or give up with ETIMEDOUT when
 * `soft`), and errors carry the errno codes node:fs would.
 */
export class NfsAdapter implements FsAdapter {
  readonly capabilities: FsCapabilities;
  /** `nfs://host:port/export`: the export this adapter mounted. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly exportPath: string;
  /** The path inside the export that the connect URL (or `path` option) named: `/` for the export. */
  readonly path: string;
  readonly #transport: RpcTransport;
  readonly #client: Nfs3Client;
  readonly #directories: DirectoryHandles;
  readonly #readMaxBytes: number;
  readonly #writer: FileWriter;

  private constructor(mounted: MountedExport) {
    this.host = mounted.host;
    this.port = mounted.port;
    this.exportPath = mounted.exportPath;
    this.path = mounted.path;
    this.url = `nfs://${mounted.host.includes(':') ? `[${mounted.host}]` : mounted.host}:${mounted.port}${mounted.exportPath}`;
    this.#transport = mounted.transport;
    this.#client = mounted.client;
    this.#directories = new DirectoryHandles(mounted.client, mounted.root);
    this.#readMaxBytes = Math.max(512, mounted.fsinfo.readMaxBytes);
    const writeMaxBytes = Math.max(512, mounted.fsinfo.writeMaxBytes);
    this.#writer = new FileWriter(mounted.client, this.#directories, writeMaxBytes);
    this.capabilities = Object.freeze({
      hardLinks: (mounted.fsinfo.properties & FSF3_LINK) !== 0,
      // Every stat and read goes to the server: its link counts and file ids are the truth.
      reliableNlink: true,
      reliableIno: true,
      mtimeResolutionMs: Math.max(1, Math.ceil(mounted.fsinfo.timeDeltaMs)),
      watchSeesOtherHosts: false,
    });
  }

  /**
   * Mounts an export: `nfs://host[:port]/path[?mountport=N&uid=N&gid=N&timeout=MS&retrans=N&soft=1]`
   * or the same as options. Rejects with {@link NfsConnectionError} naming host, port and export.
   */
  static async connect(target: string | NfsConnectOptions): Promise<NfsAdapter> {
    const options = resolveConnectOptions(
      typeof target === 'string' ? parseNfsUrl(target) : target,
    );
    return new NfsAdapter(await mountExport(options));
  }

  /** Closes the connection; calls still in flight reject with ECONNABORTED. */
  async close(): Promise<void> {
    this.#transport.close();
  }

  statistics(): NfsStatistics {
    const calls = { ...this.#client.calls };
    const transport = this.#transport.statistics;
    return {
      calls,
      totalCalls: Object.values(calls).reduce((sum, count) => sum + (count ?? 0), 0),
      retransmissions: transport.retransmissions,
      connections: transport.connections,
    };
  }

  async writeFile(path: string, data: string, options: WriteFileOptions = {}): Promise<void> {
    const target = normalizeInExport(path);
    await this.#run({ syscall: 'open', path }, () => {
      const place = this.#split(target, path, 'open');
      const mode = options.mode ?? DEFAULT_FILE_MODE;
      return this.#writer.writeFile(
        place,
        Buffer.from(data, 'utf8'),
        mode,
        options.exclusive === true,
      );
    });
  }

  async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const target = normalizeInExport(path);
    return this.#run({ syscall: 'open', path }, async () => {
      const { handle, attributes } = await this.#lookUpFile(target, path);
      const chunks: Buffer[] = [];
      let bytes = 0;
      let latest = attributes;
      for (;;) {
        const wanted = Math.min(this.#readMaxBytes, options.maxBytes + 1 - bytes);
        const chunk = await this.#client.read(handle, bytes, wanted);
        chunks.push(chunk.data);
        bytes += chunk.data.length;
        latest = chunk.attributes ?? latest;
        if (bytes > options.maxBytes) throw this.#tooLarge(path, options.maxBytes);
        if (chunk.eof || chunk.data.length === 0) break;
      }
      return {
        data: Buffer.concat(chunks, bytes).toString('utf8'),
        stats: toFsStats(latest, bytes),
      };
    });
  }

  async writeAt(path: string, offset: number, data: string): Promise<void> {
    const target = normalizeInExport(path);
    await this.#run({ syscall: 'open', path }, async () => {
      const { handle } = await this.#lookUpFile(target, path);
      await this.#writer.write(handle, offset, Buffer.from(data, 'utf8'));
    });
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    const from = normalizeInExport(existingPath);
    const to = normalizeInExport(newPath);
    await this.#run({ syscall: 'link', path: existingPath, dest: newPath }, async () => {
      const { handle } = await this.#lookUp(from);
      const { directory, name } = this.#split(to, newPath, 'link');
      await this.#directories.inDirectory(directory, (dir) => this.#client.link(handle, dir, name));
    });
  }

  async unlink(path: string): Promise<void> {
    const target = normalizeInExport(path);
    await this.#run({ syscall: 'unlink', path }, async () => {
      const { directory, name } = this.#split(target, path, 'unlink');
      await this.#directories.inDirectory(directory, (dir) => this.#client.remove(dir, name));
    });
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    const from = normalizeInExport(oldPath);
    const to = normalizeInExport(newPath);
    await this.#run({ syscall: 'rename', path: oldPath, dest: newPath }, async () => {
      const source = this.#split(from, oldPath, 'rename');
      const destination = this.#split(to, newPath, 'rename');
      const toDirectory = await this.#directories.resolve(destination.directory);
      await this.#directories.inDirectory(source.directory, (dir) =>
        this.#client.rename(dir, source.name, toDirectory, destination.name),
      );
    });
  }

  async stat(path: string): Promise<FsStats> {
    const target = normalizeInExport(path);
    return this.#run({ syscall: 'lstat', path }, async () => {
      const { attributes } = await this.#lookUp(target);
      return toFsStats(attributes);
    });
  }

  async readdir(path: string): Promise<string[]> {
    const target = normalizeInExport(path);
    return this.#run({ syscall: 'scandir', path }, async () => {
      const entries = await this.#directories.inDirectory(target, (dir) =>
        this.#client.readdir(dir),
      );
      return entries.map((entry) => entry.name).filter((name) => name !== '.' && name !== '..');
    });
  }

  /**
   * Sets a file's modification time to `mtimeMs` of the caller's clock (SETATTR with
   * SET_TO_CLIENT_TIME), as `utimes` on an NFS mount does. Not part of `FsAdapter`: the lock
   * keeps its expiry in the file's content; the older algorithms it is compared with need it.
   */
  async utimes(path: string, mtimeMs: number): Promise<void> {
    const target = normalizeInExport(path);
    await this.#run({ syscall: 'utime', path }, async () => {
      const { handle } = await this.#lookUp(target);
      await this.#client.setattr(handle, { atime: mtimeMs, mtime: mtimeMs });
    });
  }

  /**
   * Makes a directory (NFS MKDIR), and with `recursive` the missing ones above it; an existing
   * directory is then no error. Not part of `FsAdapter`: without a mount, this is how the lock's
   * directory on a NAS comes to exist.
   */
  async mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    const target = normalizeInExport(path);
    const mode = options.mode ?? DEFAULT_DIRECTORY_MODE;
    await this.#run({ syscall: 'mkdir', path }, async () => {
      if (!options.recursive) return this.#mkdirOne(target, path, mode);
      let walked = '';
      for (const name of target.split('/').filter((part) => part !== '')) {
        walked = `${walked}/${name}`;
        try {
          await this.#mkdirOne(walked, path, mode);
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
          await this.#directories.resolve(walked); // ENOTDIR when a file is in the way
        }
      }
    });
  }

  /** Removes an empty directory (NFS RMDIR). Not part of `FsAdapter`. */
  async rmdir(path: string): Promise<void> {
    const target = normalizeInExport(path);
    await this.#run({ syscall: 'rmdir', path }, async () => {
      const { directory, name } = this.#split(target, path, 'rmdir');
      await this.#directories.inDirectory(directory, (dir) => this.#client.rmdir(dir, name));
    });
  }

  /**
   * Makes a symbolic link (NFS SYMLINK). Not part of `FsAdapter`, which never makes one: for
   * tests that plant symlinks where a lock expects its own files.
   */
  async symlink(target: string, path: string): Promise<void> {
    const at = normalizeInExport(path);
    await this.#run({ syscall: 'symlink', path: target, dest: path }, async () => {
      const { directory, name } = this.#split(at, path, 'symlink');
      await this.#directories.inDirectory(directory, (dir) =>
        this.#client.symlink(dir, name, target),
      );
    });
  }

  /** Runs one adapter operation, turning what the NFS client threw into a node:fs-like error. */
  async #run<T>(operation: FailedOperation, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      throw fsErrorFrom(error, operation, `NFS server ${this.host}:${this.port}`);
    }
  }

  /** The handle and attributes of whatever `path` names (the export's root included). */
  async #lookUp(path: string): Promise<{ handle: Buffer; attributes: Attributes }> {
    const split = splitPath(path);
    if (split === undefined) {
      const root = this.#directories.root;
      return { handle: root, attributes: await this.#client.getattr(root) };
    }
    const found = await this.#directories.inDirectory(split.directory, (dir) =>
      this.#client.lookup(dir, split.name),
    );
    return {
      handle: found.handle,
      attributes: found.attributes ?? (await this.#client.getattr(found.handle)),
    };
  }

  /** Like {@link #lookUp}, for a regular file: a symlink is ELOOP, anything else EISDIR. */
  async #lookUpFile(
    path: string,
    given: string,
  ): Promise<{ handle: Buffer; attributes: Attributes }> {
    const found = await this.#lookUp(path);
    const { type } = found.attributes;
    if (type === 'file') return found;
    const operation = { syscall: 'open', path: given };
    const server = `NFS server ${this.host}:${this.port}`;
    if (type === 'symlink')
      throw nodeLikeError('ELOOP', operation, `a symbolic link, not followed (${server})`);
    throw nodeLikeError('EISDIR', operation, `a ${type}, not a regular file (${server})`);
  }

  async #mkdirOne(path: string, given: string, mode: number): Promise<void> {
    const { directory, name } = this.#split(path, given, 'mkdir');
    await this.#directories.inDirectory(directory, (dir) => this.#client.mkdir(dir, name, mode));
  }

  #split(path: string, given: string, syscall: string): { directory: string; name: string } {
    const split = splitPath(path);
    if (split !== undefined) return split;
    throw nodeLikeError('EISDIR', { syscall, path: given }, "the export's root directory");
  }

  #tooLarge(path: string, maxBytes: number) {
    return nodeLikeError('EFBIG', { syscall: 'read', path }, `larger than ${maxBytes} bytes`);
  }
}
