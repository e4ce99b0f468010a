import type { Buffer } from 'node:buffer';
import { constants } from 'node:fs';
import type { FileRead, FsStats } from '@linklock/core';

/**
 * The file operations of {@link NodeFsAdapter}, implemented twice with one behaviour: over
 * node:fs synchronous calls (local disks) and over its asynchronous calls (network and FUSE
 * filesystems). Arguments arrive validated; errors are node:fs errors or {@link FsError}s.
 * A synchronous implementation returns values and throws; the adapter turns both into
 * promises.
 */
export interface FsOperations {
  /** Writes a new file (`exclusive`: only if absent); an exclusive create that fails later is removed. */
  writeFile(path: string, data: Buffer, exclusive: boolean, mode: number): MaybePromise<void>;
  /** Opens without following a symlink, then fstat + a read of at most `maxBytes` on that descriptor. */
  read(path: string, maxBytes: number): MaybePromise<FileRead>;
  /**
   * `read` without the fstat: open, one read at offset 0 of at most `maxBytes` + 1 bytes, close.
   * A FIFO is EISDIR (a positioned read of it fails, ESPIPE, taking none of its data); a read
   * shorter than asked is the end of the file (the lock reads a record cut short again, H17).
   */
  readContent(path: string, maxBytes: number): MaybePromise<string>;
  /** Writes at `offset` into an existing file: no create, no truncation, no symlink followed. */
  writeAt(path: string, offset: number, data: Buffer): MaybePromise<void>;
  link(existingPath: string, newPath: string): MaybePromise<void>;
  unlink(path: string): MaybePromise<void>;
  rename(oldPath: string, newPath: string): MaybePromise<void>;
  /** lstat: never follows a symlink. */
  stat(path: string): MaybePromise<FsStats>;
  readdir(path: string): MaybePromise<string[]>;
}

export type MaybePromise<T> = T | Promise<T>;

/** Where the platform has no O_NOFOLLOW (Windows) the flag is 0. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** A FIFO at the path must not block the open; O_NONBLOCK does nothing to regular files. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Flags of `read`: read-only, no symlink followed, never blocking on a FIFO or device. */
export const READ_FLAGS = constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
/** Flags of `writeAt`: write-only into an existing file, no O_CREAT, no O_TRUNC, no symlink followed. */
export const WRITE_AT_FLAGS = constants.O_WRONLY | O_NOFOLLOW;
