import { Buffer } from 'node:buffer';
import * as fs from 'node:fs';
import type { FileRead } from '@linklock/core';
import { noProgress, notAFile, readFailure, tooLarge } from './fs-errors.js';
import { type FsOperations, READ_FLAGS, WRITE_AT_FLAGS } from './fs-operations.js';

/**
 * {@link FsOperations} over node:fs synchronous calls: for local disks, where one call costs a
 * few microseconds and a round trip through libuv's thread pool would cost ten times more.
 */
export const syncOperations: FsOperations = {
  writeFile(path, data, exclusive, mode) {
    const fd = fs.openSync(path, exclusive ? 'wx' : 'w', mode);
    try {
      writeAll(fd, path, data, 0);
    } catch (error) {
      closeQuietly(fd);
      if (exclusive) unlinkQuietly(path);
      throw error;
    }
    try {
      // Network filesystems report deferred write errors (ENOSPC, EDQUOT, EIO) at close.
      fs.closeSync(fd);
    } catch (error) {
      if (exclusive) unlinkQuietly(path);
      throw error;
    }
  },

  read(path, maxBytes) {
    const fd = fs.openSync(path, READ_FLAGS);
    let result: FileRead;
    try {
      const stats = fs.fstatSync(fd);
      if (!stats.isFile()) throw notAFile(path);
      if (stats.size > maxBytes) throw tooLarge(path, maxBytes);
      const buffer = Buffer.allocUnsafe(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const wanted = buffer.length - length;
        const count = fs.readSync(fd, buffer, length, wanted, null);
        length += count;
        // A short read of a regular file that reached the size fstat reported is its end:
        // that saves the read that would return 0 (a thread-pool round trip when asynchronous).
        if (count === 0 || (count < wanted && length >= stats.size)) break;
      }
      if (length > maxBytes) throw tooLarge(path, maxBytes);
      result = { data: buffer.toString('utf8', 0, length), stats };
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
    fs.closeSync(fd);
    return result;
  },

  readContent(path, maxBytes) {
    const fd = fs.openSync(path, READ_FLAGS);
    const buffer = scratchBuffer(maxBytes + 1);
    let length: number;
    try {
      length = fs.readSync(fd, buffer, 0, maxBytes + 1, 0);
    } catch (error) {
      closeQuietly(fd);
      throw readFailure(error, path);
    }
    fs.closeSync(fd);
    if (length > maxBytes) throw tooLarge(path, maxBytes);
    return buffer.toString('utf8', 0, length);
  },

  writeAt(path, offset, data) {
    const fd = fs.openSync(path, WRITE_AT_FLAGS);
    try {
      writeAll(fd, path, data, offset);
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
    fs.closeSync(fd);
  },

  link(existingPath, newPath) {
    fs.linkSync(existingPath, newPath);
  },

  unlink(path) {
    fs.unlinkSync(path);
  },

  rename(oldPath, newPath) {
    fs.renameSync(oldPath, newPath);
  },

  stat(path) {
    return fs.lstatSync(path);
  },

  readdir(path) {
    return fs.readdirSync(path);
  },
};

/**
 * One buffer for every synchronous read of content, grown as needed: a call runs to its end
 * before another starts, and the content leaves it as a string. A buffer of a record's 4 KiB
 * per read is too large for Node's pool and would be allocated outside the heap each time.
 */
let scratch = Buffer.allocUnsafe(0);

/** The most bytes the scratch buffer keeps: a larger read gets a buffer of its own. */
const SCRATCH_MAX_BYTES = 64 * 1024;

/** A buffer of at least `size` bytes: the scratch buffer unless that is too large to keep. */
function scratchBuffer(size: number): Buffer {
  if (size > SCRATCH_MAX_BYTES) return Buffer.allocUnsafe(size);
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  return scratch;
}

function writeAll(fd: number, path: string, data: Buffer, position: number): void {
  let written = 0;
  while (written < data.length) {
    const count = fs.writeSync(fd, data, written, data.length - written, position + written);
    if (count <= 0) throw noProgress(path);
    written += count;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // The error that got us here matters more.
  }
}

function unlinkQuietly(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // Best effort: the error that got us here matters more.
  }
}
