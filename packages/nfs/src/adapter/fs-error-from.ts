import { constants } from 'node:os';
import { getSystemErrorMap } from 'node:util';
import { FsError } from '@linklock/core';
import { Nfs3StatusError } from '../nfs3/nfs3-status-error.js';
import { RpcCallError } from '../rpc/rpc-call-error.js';
import { XdrDecodeError } from '../xdr/xdr-reader.js';

/** Which operation failed, in node:fs's words, on which path(s). */
export interface FailedOperation {
  syscall: string;
  path: string;
  dest?: string;
}

const SYSTEM_ERRORS = getSystemErrorMap();

/**
 * Turns what the NFS client threw into the error node:fs would throw for the same failure:
 * the errno `code`, a negative `errno`, the `syscall`, the `path`, and a message that also
 * names what the server said (`NFS3ERR_EXIST from LINK`) and which server it was.
 */
export function fsErrorFrom(error: unknown, operation: FailedOperation, server: string): unknown {
  if (error instanceof Nfs3StatusError) {
    return nodeLikeError(
      error.code,
      operation,
      `${error.statusName} from ${error.procedure}, ${server}`,
      error,
    );
  }
  if (error instanceof RpcCallError)
    return nodeLikeError(error.code, operation, error.message, error);
  if (error instanceof XdrDecodeError) {
    return nodeLikeError(
      'EPROTO',
      operation,
      `${server} sent a reply that does not decode: ${error.message}`,
      error,
    );
  }
  return error;
}

export function nodeLikeError(
  code: string,
  operation: FailedOperation,
  detail: string,
  cause?: unknown,
): FsError {
  const errno = (constants.errno as Record<string, number | undefined>)[code];
  const description = errno === undefined ? undefined : SYSTEM_ERRORS.get(-errno)?.[1];
  const where = `${operation.syscall} '${operation.path}'${operation.dest === undefined ? '' : ` -> '${operation.dest}'`}`;
  return new FsError(code, {
    syscall: operation.syscall,
    path: operation.path,
    ...(errno === undefined ? {} : { errno: -errno }),
    message: `${code}: ${description ?? code}, ${where} (${detail})`,
    cause,
  });
}
