import type { ProcedureName } from './nfs3-constants.js';
import { statusCode } from './nfs3-status.js';

/** A procedure the server ran and answered with an error status (NFS3ERR_*). */
export class Nfs3StatusError extends Error {
  override name = 'Nfs3StatusError';
  /** The errno code it means: `EEXIST` for NFS3ERR_EXIST. */
  readonly code: string;
  /** The nfsstat3 number. */
  readonly status: number;
  /** The protocol's name of the status: `NFS3ERR_EXIST`. */
  readonly statusName: string;
  readonly procedure: ProcedureName;

  constructor(procedure: ProcedureName, status: number) {
    const { code, name } = statusCode(status);
    super(`${name} from ${procedure}`);
    this.code = code;
    this.status = status;
    this.statusName = name;
    this.procedure = procedure;
  }
}
