import { constants } from 'node:os';
import { FsError } from '@linklock/core';

/** The errors the adapter makes itself, shaped like node:fs errors (negative `errno`, like libuv). */

/** Anything at the read path that is not a regular file (directory, FIFO, device, socket). */
export function notAFile(path: string): FsError {
  return new FsError('EISDIR', {
    syscall: 'read',
    path,
    errno: -constants.errno.EISDIR,
    message: `EISDIR: not a regular file, read '${path}'`,
  });
}

/**
 * A read's own error, said as the path's: a directory fails a read with EISDIR, a FIFO a
 * positioned read with ESPIPE, neither naming the path; both are what is not a file.
 */
export function readFailure(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EISDIR' || code === 'ESPIPE' ? notAFile(path) : error;
}

/** A file larger than the read allows. */
export function tooLarge(path: string, maxBytes: number): FsError {
  return new FsError('EFBIG', {
    syscall: 'read',
    path,
    errno: -constants.errno.EFBIG,
    message: `EFBIG: file larger than ${maxBytes} bytes, read '${path}'`,
  });
}

/** A write that made no progress (the kernel returned 0 bytes written). */
export function noProgress(path: string): FsError {
  return new FsError('EIO', {
    syscall: 'write',
    path,
    errno: -constants.errno.EIO,
    message: `EIO: i/o error, the write made no progress, write '${path}'`,
  });
}
