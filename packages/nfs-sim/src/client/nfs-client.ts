import type { FsCapabilities } from '@linklock/core';
import type { RpcChannel } from '../rpc/rpc-channel.js';
import type { Attributes, DirectoryChange } from '../server/attributes.js';
import type { NfsServer } from '../server/nfs-server.js';
import { parentOf } from '../server/path-parts.js';
import type { ClientClock } from '../sim/client-clock.js';
import { quickError } from '../sim/quick-error.js';
import type { Scheduler } from '../sim/scheduler.js';
import type { TraceSink } from '../sim/trace-sink.js';
import { AttributeCache } from './attribute-cache.js';
import { ListingCache } from './listing-cache.js';
import { LookupCache } from './lookup-cache.js';
import type { MountOptions } from './mount-options.js';
import { type OpenFile, OpenFiles } from './open-files.js';
import { presentStats } from './present-stats.js';
import { StalenessNotes } from './staleness-notes.js';

/**
 * One NFS client host: its mount options, its clock, its caches (attributes, name lookups,
 * file content) and its RPC channel to the server. Processes on the host share it, as they
 * share the kernel's caches. Every answer it gives may be stale in exactly the ways a Linux
 * client's may be (docs/simulator.md, "The model"); the server's truth is never touched except through RPCs.
 * (Stale answers are noted in the trace by comparing with the truth, which steers nothing.)
 */
export class NfsClient {
  readonly name: string;
  readonly mount: MountOptions;
  readonly clock: ClientClock;
  readonly capabilities: FsCapabilities;
  readonly #scheduler: Scheduler;
  readonly #server: NfsServer;
  readonly #rpc: RpcChannel;
  readonly #trace: TraceSink;
  readonly #files: AttributeCache<number>;
  readonly #directories: AttributeCache<string>;
  readonly #lookups: LookupCache;
  readonly #listings = new ListingCache();
  readonly #content = new Map<number, { data: string; change: number }>();
  /** Files processes on this host have open, each with the name it was opened by. */
  readonly #openFiles: OpenFiles;
  readonly #notes: StalenessNotes;
  #exclusiveCreates = 0;

  constructor(
    name: string,
    mount: MountOptions,
    clock: ClientClock,
    parts: { scheduler: Scheduler; server: NfsServer; rpc: RpcChannel; trace: TraceSink },
  ) {
    this.name = name;
    this.#openFiles = new OpenFiles(name);
    this.#notes = new StalenessNotes(name, parts.server, parts.trace);
    this.mount = mount;
    this.clock = clock;
    this.#scheduler = parts.scheduler;
    this.#server = parts.server;
    this.#rpc = parts.rpc;
    this.#trace = parts.trace;
    const off = mount.noac;
    this.#files = new AttributeCache(off ? 0 : mount.acregminMs, off ? 0 : mount.acregmaxMs);
    this.#directories = new AttributeCache(off ? 0 : mount.acdirminMs, off ? 0 : mount.acdirmaxMs);
    this.#lookups = new LookupCache(mount.lookupcache);
    this.capabilities = {
      hardLinks: true,
      reliableNlink: mount.noac && !mount.sshfsLike,
      reliableIno: !mount.sshfsLike,
      mtimeResolutionMs: mount.sshfsLike ? 1_000 : 1,
      watchSeesOtherHosts: false,
    };
  }

  /** The time on this host's clock. */
  now(): number {
    return this.clock.read(this.#scheduler.now());
  }

  async lookup(pid: number, path: string): Promise<number> {
    const directory = parentOf(path);
    if (this.mount.lookupcache !== 'none') {
      const change = (await this.#directoryAttributes(pid, directory)).change;
      const entry = this.#lookups.get(path);
      if (entry !== undefined && entry.directoryChange === change) {
        this.#notes.lookup(pid, path, entry.ino);
        if (entry.ino === null) throw quickError('ENOENT', { syscall: 'lookup', path });
        return entry.ino;
      }
    }
    const reply = await this.#rpc.call(pid, 'LOOKUP', () => this.#lookupOnServer(path), {
      idempotent: true,
    });
    this.#directorySeen(reply.directory.path, reply.directory.attributes);
    if (reply.attributes === undefined) {
      this.#lookups.store(path, null, reply.directory.attributes.change);
      throw quickError('ENOENT', { syscall: 'lookup', path });
    }
    this.#files.store(reply.attributes.ino, reply.attributes, this.#scheduler.now());
    this.#lookups.store(path, reply.attributes.ino, reply.directory.attributes.change);
    return reply.attributes.ino;
  }

  /** Attributes of a file: from the cache while fresh, unless `revalidate` (close-to-open). */
  async getattr(
    pid: number,
    path: string,
    ino: number,
    { revalidate }: { revalidate: boolean },
  ): Promise<Attributes> {
    if (!revalidate) {
      const cached = this.#files.fresh(ino, this.#scheduler.now());
      if (cached !== undefined) {
        this.#notes.attributes(pid, path, cached);
        return cached;
      }
    }
    const attributes = await this.#handleCall(pid, path, ino, 'GETATTR', () =>
      this.#server.getattr(ino, path),
    );
    this.#files.store(ino, attributes, this.#scheduler.now());
    return attributes;
  }

  /** Opens, reads and closes a file: the content and the attributes that go with it. */
  async read(pid: number, path: string): Promise<{ data: string; attributes: Attributes }> {
    const ino = await this.lookup(pid, path);
    const file = this.#opened(path, ino);
    try {
      const revalidate = this.mount.cto && !this.mount.sshfsLike;
      const attributes = await this.getattr(pid, path, ino, { revalidate });
      const cached = this.#content.get(ino);
      if (!this.mount.sshfsLike && cached !== undefined && cached.change === attributes.change) {
        return { data: cached.data, attributes };
      }
      const reply = await this.#handleCall(pid, path, ino, 'READ', () =>
        this.#server.read(ino, path),
      );
      this.#content.set(ino, { data: reply.data, change: reply.attributes.change });
      if (this.mount.sshfsLike) return { data: reply.data, attributes }; // attributes stay as cached
      this.#files.store(ino, reply.attributes, this.#scheduler.now());
      return reply;
    } finally {
      await this.#closed(pid, file);
    }
  }

  async write(pid: number, path: string, offset: number, data: string): Promise<void> {
    const ino = await this.lookup(pid, path);
    const file = this.#opened(path, ino);
    try {
      const attributes = await this.#handleCall(pid, path, ino, 'WRITE', () =>
        this.#server.write(ino, path, offset, data),
      );
      this.#files.store(ino, attributes, this.#scheduler.now());
      this.#content.delete(ino);
    } finally {
      await this.#closed(pid, file);
    }
  }

  async create(
    pid: number,
    path: string,
    data: string,
    { exclusive }: { exclusive: boolean },
  ): Promise<void> {
    // An exclusive create goes out as EXCLUSIVE with a verifier, as Linux and NfsAdapter send it.
    const verifier = exclusive ? `${this.name}#${++this.#exclusiveCreates}` : undefined;
    try {
      const reply = await this.#rpc.call(
        pid,
        'CREATE',
        () => this.#server.create(path, data, { exclusive, verifier }),
        { idempotent: !exclusive },
      );
      this.#addedName(path, reply.attributes, reply.directory);
    } catch (error) {
      this.#lookups.forget(path);
      throw error;
    }
  }

  async link(pid: number, existingPath: string, newPath: string): Promise<void> {
    const knownBefore = this.#lookups.get(newPath)?.ino;
    try {
      const reply = await this.#rpc.call(
        pid,
        'LINK',
        () => this.#server.link(existingPath, newPath),
        { idempotent: false },
      );
      this.#addedName(newPath, reply.attributes, reply.directory);
    } catch (error) {
      this.#lookups.forget(newPath);
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') this.#lookups.forget(existingPath);
      // SFTP has no "exists" status: sshfs reports EPERM for a name it had not looked up (H18).
      if (
        code === 'EEXIST' &&
        this.mount.sshfsLike &&
        (knownBefore === undefined || knownBefore === null)
      ) {
        throw quickError('EPERM', { syscall: 'link', path: newPath });
      }
      throw error;
    }
  }

  async remove(pid: number, path: string): Promise<void> {
    // Linux silly-renames a name in use (nfs_unlink: the dentry an open file holds), whatever
    // the lookup cache holds; another name of the same file is removed as usual.
    const open = this.#openNamed(path);
    if (open !== undefined) {
      await this.#sillyRename(pid, path, open.ino);
      return;
    }
    try {
      const reply = await this.#rpc.call(pid, 'REMOVE', () => this.#server.remove(path), {
        idempotent: false,
      });
      this.#changedDirectory(reply.directory);
      this.#lookups.store(path, null, reply.directory.after.change);
      this.#files.forget(reply.ino);
    } catch (error) {
      this.#lookups.forget(path);
      throw error;
    }
  }

  async rename(pid: number, oldPath: string, newPath: string): Promise<void> {
    // Linux (nfs_rename) first silly-renames a target that is open on this host, so that the
    // open file survives being replaced.
    const target = this.#openNamed(newPath);
    if (target !== undefined && newPath !== oldPath) {
      await this.#sillyRename(pid, newPath, target.ino);
    }
    try {
      const reply = await this.#rpc.call(
        pid,
        'RENAME',
        () => this.#server.rename(oldPath, newPath),
        { idempotent: false },
      );
      this.#changedDirectory(reply.directory);
      this.#openFiles.renamed(oldPath, newPath);
    } finally {
      this.#lookups.forget(oldPath);
      this.#lookups.forget(newPath);
    }
  }

  /**
   * The names in a directory: from the listing cache while the directory's attributes (cached
   * for acdirmin..acdirmax) show no change since it was read (H19), else a READDIR. `noac`
   * caches nothing: every listing is read from the server.
   */
  async readdir(pid: number, path: string): Promise<string[]> {
    if (!this.mount.noac) {
      const change = (await this.#directoryAttributes(pid, path)).change;
      const cached = this.#listings.get(path, change);
      if (cached !== undefined) {
        this.#notes.listing(pid, path, cached);
        return [...cached];
      }
    }
    const reply = await this.#rpc.call(
      pid,
      'READDIR',
      () => ({ names: this.#server.readdir(path), attributes: this.#server.getattrPath(path) }),
      { idempotent: true },
    );
    this.#directorySeen(path, reply.attributes);
    this.#listings.store(path, { names: reply.names, change: reply.attributes.change });
    return [...reply.names];
  }

  /** SETATTR of the mtime with this host's clock (what `utimes` sends on NFS). */
  async setMtime(pid: number, path: string, mtimeMs: number): Promise<void> {
    const ino = await this.lookup(pid, path);
    const attributes = await this.#handleCall(pid, path, ino, 'SETATTR', () =>
      this.#server.setMtime(path, mtimeMs),
    );
    this.#files.store(ino, attributes, this.#scheduler.now());
  }

  /** What stats look like through this mount (sshfs: whole-second mtimes, nlink 1, per-name inodes). */
  presentStats(path: string, attributes: Attributes) {
    return presentStats(path, attributes, this.mount);
  }

  async #directoryAttributes(pid: number, directory: string): Promise<Attributes> {
    const cached = this.#directories.fresh(directory, this.#scheduler.now());
    if (cached !== undefined) return cached;
    const attributes = await this.#rpc.call(
      pid,
      'GETATTR',
      () => this.#server.getattrPath(directory),
      { idempotent: true },
    );
    this.#directorySeen(directory, attributes);
    return attributes;
  }

  #directorySeen(directory: string, attributes: Attributes): void {
    this.#directories.store(directory, attributes, this.#scheduler.now());
    this.#lookups.revalidateDirectory(directory, attributes.change);
  }

  #changedDirectory(change: DirectoryChange): void {
    this.#lookups.directoryChanged(change.path, change.before, change.after.change);
    this.#directories.store(change.path, change.after, this.#scheduler.now());
  }

  #addedName(path: string, attributes: Attributes, directory: DirectoryChange): void {
    this.#changedDirectory(directory);
    this.#files.store(attributes.ino, attributes, this.#scheduler.now());
    this.#lookups.store(path, attributes.ino, directory.after.change);
  }

  #lookupOnServer(path: string): {
    attributes?: Attributes;
    directory: { path: string; attributes: Attributes };
  } {
    const directory = parentOf(path);
    try {
      const found = this.#server.lookup(path);
      return {
        attributes: found.attributes,
        directory: { path: directory, attributes: found.directory },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      return { directory: { path: directory, attributes: this.#server.getattrPath(directory) } };
    }
  }

  /**
   * An RPC through a file handle: ESTALE means the file is gone; the client forgets it. Every
   * such call here (GETATTR, READ, WRITE at an offset, SETATTR of a time) is idempotent.
   */
  async #handleCall<T>(
    pid: number,
    path: string,
    ino: number,
    procedure: string,
    run: () => T,
  ): Promise<T> {
    try {
      return await this.#rpc.call(pid, procedure, run, { idempotent: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'ESTALE') {
        this.#trace.fault('estale', { client: this.name, pid, detail: `${procedure} ${path}` });
        this.#lookups.forget(path);
        this.#files.forget(ino);
        this.#content.delete(ino);
      }
      throw error;
    }
  }

  #opened(name: string, ino: number): OpenFile {
    return this.#openFiles.open(name, ino);
  }

  /** The open file `name` leads to (unless this host has since seen the name lead elsewhere). */
  #openNamed(name: string): OpenFile | undefined {
    return this.#openFiles.named(name, this.#lookups.get(name)?.ino);
  }

  /** Closing the last open of a silly-renamed file removes it at last. */
  async #closed(pid: number, file: OpenFile): Promise<void> {
    for (const name of this.#openFiles.close(file)) await this.#removeQuietly(pid, name);
  }

  /**
   * Unlinking a file this host has open renames it to `.nfsXXXX` instead; the last close
   * removes it. If the last close came while the rename was on its way, remove it now.
   */
  async #sillyRename(pid: number, path: string, ino: number): Promise<void> {
    const silly = this.#openFiles.sillyName(parentOf(path), ino);
    this.#trace.fault('silly-rename', { client: this.name, pid, detail: `${path} -> ${silly}` });
    await this.rename(pid, path, silly); // the open files' name moves with it
    if (this.#openFiles.isOpen(ino)) this.#openFiles.removeAtLastClose(ino, silly);
    else await this.#removeQuietly(pid, silly);
  }

  async #removeQuietly(pid: number, name: string): Promise<void> {
    await this.#rpc
      .call(pid, 'REMOVE', () => this.#server.remove(name), { idempotent: false })
      .catch(() => undefined);
  }
}
