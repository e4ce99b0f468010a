import type { Errno } from '../trace/codes.js';

/**
 * An NFS error reply (NFS3ERR_NOENT, NFS3ERR_EXIST, ...) by its errno name, with the call that
 * drew it: what the server throws and the RPC channel delivers. The process's adapter
 * (`ProcessFs`) turns it into the `FsError` the lock sees, naming the path the lock asked about.
 *
 * Not an `Error`: a simulated run answers EEXIST and ENOENT thousands of times a second, and
 * building an `Error` costs microseconds even without a stack trace. Nothing outside the
 * simulation meets one.
 */
export class NfsStatus {
  readonly code: Errno;
  /** The server's operation ('link') or the RPC procedure ('LINK'). */
  readonly syscall: string;
  readonly path: string | undefined;

  constructor(code: Errno, syscall: string, path?: string) {
    this.code = code;
    this.syscall = syscall;
    this.path = path;
  }

  toString(): string {
    return `${this.code}: ${this.syscall}${this.path === undefined ? '' : ` '${this.path}'`}`;
  }
}
