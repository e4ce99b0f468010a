import { FsError } from '@linklock/core';

export interface ConnectionTarget {
  host: string;
  /** The port of the service that failed (NFS, MOUNT or the portmapper), when known. */
  port: number | undefined;
  exportPath: string | undefined;
}

/**
 * `NfsAdapter.connect` could not reach or mount the export: nothing listens at the address
 * (ECONNREFUSED), nothing answered (ETIMEDOUT), the host does not resolve (EHOSTUNREACH), the
 * export does not exist or does not admit this client (ENOENT, EACCES), or the server does not
 * speak NFSv3 over TCP (EPROTO). Names the host, the port and the export.
 */
export class NfsConnectionError extends FsError {
  override name = 'NfsConnectionError';
  readonly host: string;
  readonly port: number | undefined;
  readonly exportPath: string | undefined;

  constructor(code: string, message: string, target: ConnectionTarget, cause?: unknown) {
    super(code, { syscall: 'connect', message, cause });
    this.host = target.host;
    this.port = target.port;
    this.exportPath = target.exportPath;
  }
}
