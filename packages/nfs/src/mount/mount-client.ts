import { MOUNT } from '../rpc/programs.js';
import { RpcCallError } from '../rpc/rpc-call-error.js';
import type { AuthSys } from '../rpc/rpc-message.js';
import type { RpcTransport } from '../rpc/rpc-transport.js';
import { XdrWriter } from '../xdr/xdr-writer.js';

const MOUNTPROC3_MNT = 1;
const MOUNTPROC3_UMNT = 3;
const MOUNTPROC3_EXPORT = 5;
const MNTPATHLEN = 1024;
const FHSIZE3 = 64;

/** mountstat3 (RFC 1813, appendix I) as errno codes. */
const MOUNT_STATUS: Record<number, [code: string, why: string]> = {
  1: ['EPERM', 'not permitted (the client is not allowed to mount it)'],
  2: ['ENOENT', 'no such directory on the server'],
  5: ['EIO', 'the server had an I/O error'],
  13: ['EACCES', 'access denied (the export does not admit this client)'],
  20: ['ENOTDIR', 'not a directory'],
  22: ['EINVAL', 'invalid argument'],
  63: ['ENAMETOOLONG', 'the path is too long'],
  10004: ['ENOTSUP', 'operation not supported'],
  10006: ['EREMOTEIO', 'the server failed'],
};

/** The MOUNT protocol version 3 (RFC 1813, appendix I): the export list and root handles. */
export class MountClient {
  readonly #transport: RpcTransport;
  readonly #auth: AuthSys;

  constructor(transport: RpcTransport, auth: AuthSys) {
    this.#transport = transport;
    this.#auth = auth;
  }

  /** The paths the server exports (`showmount -e`). */
  async exports(): Promise<string[]> {
    const reply = await this.#call(MOUNTPROC3_EXPORT, new Uint8Array(0));
    const paths: string[] = [];
    while (reply.bool()) {
      paths.push(reply.string(MNTPATHLEN));
      while (reply.bool()) reply.string(); // the groups allowed to mount it
    }
    return paths;
  }

  /** The root file handle of an export. */
  async mount(exportPath: string): Promise<Buffer> {
    const reply = await this.#call(MOUNTPROC3_MNT, new XdrWriter().string(exportPath).bytes());
    const status = reply.uint32();
    if (status !== 0) {
      const [code, why] = MOUNT_STATUS[status] ?? ['EIO', `mount status ${status}`];
      throw new RpcCallError(code, `the server would not mount ${exportPath}: ${why}`);
    }
    const handle = Buffer.from(reply.opaque(FHSIZE3));
    reply.uint32(); // the flavors the server accepts: AUTH_SYS is checked by the NFS calls
    return handle;
  }

  /** Tells the server the export is no longer mounted (bookkeeping only: NFS has no state). */
  async unmount(exportPath: string): Promise<void> {
    await this.#call(MOUNTPROC3_UMNT, new XdrWriter().string(exportPath).bytes());
  }

  #call(procedure: number, args: Uint8Array) {
    return this.#transport.call(
      { program: MOUNT.program, version: MOUNT.version, procedure, auth: this.#auth },
      args,
      { soft: true, failFast: true },
    );
  }
}
