import { setTimeout as sleep } from 'node:timers/promises';
import { NFS } from '../rpc/programs.js';
import type { AuthSys } from '../rpc/rpc-message.js';
import type { CallOptions, RpcTransport } from '../rpc/rpc-transport.js';
import type { XdrReader } from '../xdr/xdr-reader.js';
import { XdrWriter } from '../xdr/xdr-writer.js';
import {
  type Attributes,
  readAttributes,
  readPostOpAttributes,
  readTime,
  readWcc,
  type SetAttributes,
  writeSetAttributes,
} from './attributes.js';
import {
  CREATE_EXCLUSIVE,
  CREATE_GUARDED,
  CREATE_UNCHECKED,
  FILE_SYNC,
  NFS3_FHSIZE,
  NFS3_OK,
  NFS3ERR_BAD_COOKIE,
  NFS3ERR_JUKEBOX,
  PROCEDURES,
  type ProcedureName,
} from './nfs3-constants.js';
import { Nfs3StatusError } from './nfs3-status-error.js';

export interface FsInfo {
  readMaxBytes: number;
  writeMaxBytes: number;
  /** The granularity of the server's times (time_delta) in milliseconds. */
  timeDeltaMs: number;
  /** FSINFO properties (FSF3_LINK, FSF3_SYMLINK, ...). */
  properties: number;
}

/** How CREATE treats an existing name (createhow3). */
export type CreateHow =
  | { mode: 'unchecked' | 'guarded'; set: SetAttributes }
  | { mode: 'exclusive'; verifier: Buffer };

export interface DirectoryEntry {
  name: string;
  fileid: number;
}

const JUKEBOX_FIRST_DELAY_MS = 250;
const JUKEBOX_MAX_DELAY_MS = 5_000;
const READDIR_BYTES = 32 * 1024;
const BAD_COOKIE_RESTARTS = 3;

/**
 * NFS version 3 (RFC 1813), one method per procedure the adapter uses, over file handles.
 * A status other than NFS3_OK rejects with {@link Nfs3StatusError}; NFS3ERR_JUKEBOX ("try again
 * later") is retried after a pause, as the Linux client does.
 */
export class Nfs3Client {
  readonly #transport: RpcTransport;
  readonly #auth: AuthSys;
  readonly #soft: boolean;
  readonly #retrans: number;
  readonly #calls = new Map<ProcedureName, number>();

  constructor(transport: RpcTransport, auth: AuthSys, options: { soft: boolean; retrans: number }) {
    this.#transport = transport;
    this.#auth = auth;
    this.#soft = options.soft;
    this.#retrans = options.retrans;
  }

  /** Calls made per procedure (retransmissions of one call count once). */
  get calls(): Readonly<Partial<Record<ProcedureName, number>>> {
    return Object.fromEntries(this.#calls);
  }

  async null(options?: CallOptions): Promise<void> {
    await this.#call('NULL', new Uint8Array(0), options);
  }

  async fsinfo(root: Buffer, options?: CallOptions): Promise<FsInfo> {
    const reply = await this.#call('FSINFO', handleArgs(root).bytes(), options);
    this.#expectOk('FSINFO', reply);
    readPostOpAttributes(reply);
    const readMaxBytes = reply.uint32();
    reply.uint32(); // rtpref
    reply.uint32(); // rtmult
    const writeMaxBytes = reply.uint32();
    reply.uint32(); // wtpref
    reply.uint32(); // wtmult
    reply.uint32(); // dtpref
    reply.uint64(); // maxfilesize
    const timeDeltaMs = readTime(reply);
    const properties = reply.uint32();
    return { readMaxBytes, writeMaxBytes, timeDeltaMs, properties };
  }

  async getattr(handle: Buffer): Promise<Attributes> {
    const reply = await this.#call('GETATTR', handleArgs(handle).bytes());
    this.#expectOk('GETATTR', reply);
    return readAttributes(reply);
  }

  async setattr(handle: Buffer, set: SetAttributes): Promise<void> {
    const args = handleArgs(handle);
    writeSetAttributes(args, set);
    args.bool(false); // no guard
    const reply = await this.#call('SETATTR', args.bytes());
    this.#expectOk('SETATTR', reply);
  }

  async lookup(
    directory: Buffer,
    name: string,
  ): Promise<{ handle: Buffer; attributes: Attributes | undefined }> {
    const reply = await this.#call('LOOKUP', dirOpArgs(new XdrWriter(), directory, name).bytes());
    this.#expectOk('LOOKUP', reply);
    const handle = readHandle(reply);
    const attributes = readPostOpAttributes(reply);
    return { handle, attributes };
  }

  async read(
    handle: Buffer,
    offset: number,
    count: number,
  ): Promise<{ data: Buffer; eof: boolean; attributes: Attributes | undefined }> {
    const args = handleArgs(handle).uint64(offset).uint32(count);
    const reply = await this.#call('READ', args.bytes());
    this.#expectOk('READ', reply);
    const attributes = readPostOpAttributes(reply);
    reply.uint32(); // count, repeated as the data's length
    const eof = reply.bool();
    const data = Buffer.from(reply.opaque(count));
    return { data, eof, attributes };
  }

  /** Writes with FILE_SYNC: on stable storage before the reply, so no COMMIT is needed. */
  async write(
    handle: Buffer,
    offset: number,
    data: Buffer,
  ): Promise<{ count: number; attributes: Attributes | undefined }> {
    const args = handleArgs(handle)
      .uint64(offset)
      .uint32(data.length)
      .uint32(FILE_SYNC)
      .opaque(data);
    const reply = await this.#call('WRITE', args.bytes());
    this.#expectOk('WRITE', reply);
    const attributes = readWcc(reply);
    const count = reply.uint32();
    return { count, attributes };
  }

  /**
   * CREATE (RFC 1813, section 3.3.8): UNCHECKED (an existing file is kept, `size: 0` truncates
   * it), GUARDED (NFS3ERR_EXIST when the name exists) or EXCLUSIVE (the server keeps
   * `verifier` with the file: a retransmission of this very create succeeds even where the
   * duplicate request cache forgot it, while anyone else's create of the name fails; the new
   * file's attributes are then set with SETATTR). The handle is missing when the server chose
   * not to send it.
   */
  async create(
    directory: Buffer,
    name: string,
    how: CreateHow,
  ): Promise<{ handle: Buffer | undefined; attributes: Attributes | undefined }> {
    const args = dirOpArgs(new XdrWriter(), directory, name);
    if (how.mode === 'exclusive') args.uint32(CREATE_EXCLUSIVE).fixedOpaque(how.verifier);
    else {
      args.uint32(how.mode === 'guarded' ? CREATE_GUARDED : CREATE_UNCHECKED);
      writeSetAttributes(args, how.set);
    }
    const reply = await this.#call('CREATE', args.bytes());
    this.#expectOk('CREATE', reply);
    const handle = reply.optional(readHandle);
    const attributes = readPostOpAttributes(reply);
    return { handle, attributes };
  }

  async symlink(directory: Buffer, name: string, target: string): Promise<void> {
    const args = dirOpArgs(new XdrWriter(), directory, name);
    writeSetAttributes(args, {});
    args.string(target);
    const reply = await this.#call('SYMLINK', args.bytes());
    this.#expectOk('SYMLINK', reply);
  }

  async mkdir(directory: Buffer, name: string, mode: number): Promise<void> {
    const args = dirOpArgs(new XdrWriter(), directory, name);
    writeSetAttributes(args, { mode });
    const reply = await this.#call('MKDIR', args.bytes());
    this.#expectOk('MKDIR', reply);
  }

  async rmdir(directory: Buffer, name: string): Promise<void> {
    const reply = await this.#call('RMDIR', dirOpArgs(new XdrWriter(), directory, name).bytes());
    this.#expectOk('RMDIR', reply);
  }

  async remove(directory: Buffer, name: string): Promise<void> {
    const reply = await this.#call('REMOVE', dirOpArgs(new XdrWriter(), directory, name).bytes());
    this.#expectOk('REMOVE', reply);
  }

  async rename(from: Buffer, fromName: string, to: Buffer, toName: string): Promise<void> {
    const args = dirOpArgs(dirOpArgs(new XdrWriter(), from, fromName), to, toName);
    const reply = await this.#call('RENAME', args.bytes());
    this.#expectOk('RENAME', reply);
  }

  async link(handle: Buffer, directory: Buffer, name: string): Promise<Attributes | undefined> {
    const args = dirOpArgs(handleArgs(handle), directory, name);
    const reply = await this.#call('LINK', args.bytes());
    this.#expectOk('LINK', reply);
    return readPostOpAttributes(reply);
  }

  /** Every entry of a directory, `.` and `..` included, over as many READDIR calls as it takes. */
  async readdir(directory: Buffer): Promise<DirectoryEntry[]> {
    for (let restarts = 0; ; restarts += 1) {
      try {
        return await this.#readdirFromStart(directory);
      } catch (error) {
        const stale = error instanceof Nfs3StatusError && error.status === NFS3ERR_BAD_COOKIE;
        if (!stale || restarts >= BAD_COOKIE_RESTARTS) throw error;
      }
    }
  }

  async #readdirFromStart(directory: Buffer): Promise<DirectoryEntry[]> {
    const entries: DirectoryEntry[] = [];
    let cookie = 0n;
    let verifier: Buffer = Buffer.alloc(8);
    for (;;) {
      const args = handleArgs(directory).uint64(cookie).fixedOpaque(verifier).uint32(READDIR_BYTES);
      const reply = await this.#call('READDIR', args.bytes());
      this.#expectOk('READDIR', reply);
      readPostOpAttributes(reply);
      verifier = Buffer.from(reply.fixedOpaque(8));
      while (reply.bool()) {
        const fileid = reply.uint64Number();
        const name = reply.string(255 * 4);
        cookie = reply.uint64();
        entries.push({ name, fileid });
      }
      if (reply.bool()) return entries;
    }
  }

  async #call(procedure: ProcedureName, args: Uint8Array, options?: CallOptions) {
    this.#calls.set(procedure, (this.#calls.get(procedure) ?? 0) + 1);
    const header = { ...NFS, procedure: PROCEDURES[procedure], auth: this.#auth };
    let delayMs = JUKEBOX_FIRST_DELAY_MS;
    for (let tries = 1; ; tries += 1) {
      const reply = await this.#transport.call(header, args, options);
      if (!isJukebox(reply)) return reply;
      if ((options?.soft ?? this.#soft) && tries > this.#retrans) return reply;
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, JUKEBOX_MAX_DELAY_MS);
    }
  }

  /** Reads the status word every result starts with; throws unless it is NFS3_OK. */
  #expectOk(procedure: ProcedureName, reply: XdrReader): void {
    const status = reply.uint32();
    if (status !== NFS3_OK) throw new Nfs3StatusError(procedure, status);
  }
}

function isJukebox(reply: XdrReader): boolean {
  return reply.remaining >= 4 && reply.peekUint32() === NFS3ERR_JUKEBOX;
}

function handleArgs(handle: Buffer): XdrWriter {
  return new XdrWriter(handle.length + 64).opaque(handle);
}

function dirOpArgs(writer: XdrWriter, directory: Buffer, name: string): XdrWriter {
  return writer.opaque(directory).string(name);
}

function readHandle(reader: XdrReader): Buffer {
  return Buffer.from(reader.opaque(NFS3_FHSIZE));
}
