import { Buffer } from 'node:buffer';
import * as fs from 'node:fs';
import type { FileRead, FsStats } from '@linklock/core';
import { noProgress, notAFile, readFailure, tooLarge } from './fs-errors.js';
import { type FsOperations, READ_FLAGS, WRITE_AT_FLAGS } from './fs-operations.js';

/**
 * {@link FsOperations} over node:fs asynchronous (callback) calls: for network and FUSE
 * filesystems, where a call can block for a long time and must not block the event loop. The
 * callback API is used directly: it is the cheapest asynchronous path through libuv.
 */
export const asyncOperations: FsOperations = {
  async writeFile(path, data, exclusive, mode) {
    const fd = await open(path, exclusive ? 'wx' : 'w', mode);
    try {
      await writeAll(fd, path, data, 0);
    } catch (error) {
      await closeQuietly(fd);
      if (exclusive) await unlinkQuietly(path);
      throw error;
    }
    try {
      // Network filesystems report deferred write errors (ENOSPC, EDQUOT, EIO) at close.
      await close(fd);
    } catch (error) {
      if (exclusive) await unlinkQuietly(path);
      throw error;
    }
  },

  async read(path, maxBytes) {
    const fd = await open(path, READ_FLAGS);
    let result: FileRead;
    try {
      const stats = await fstat(fd);
      if (!stats.isFile()) throw notAFile(path);
      if (stats.size > maxBytes) throw tooLarge(path, maxBytes);
      const buffer = Buffer.allocUnsafe(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const wanted = buffer.length - length;
        const count = await read(fd, buffer, length, wanted, null);
        length += count;
        // A short read of a regular file that reached the size fstat reported is its end:
        // that saves the read that would return 0 (a thread-pool round trip when asynchronous).
        if (count === 0 || (count < wanted && length >= stats.size)) break;
      }
      if (length > maxBytes) throw tooLarge(path, maxBytes);
      result = { data: buffer.toString('utf8', 0, length), stats };
    } catch (error) {
      await closeQuietly(fd);
      throw error;
    }
    await close(fd);
    return result;
  },

  async readContent(path, maxBytes) {
    const fd = await open(path, READ_FLAGS);
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length: number;
    try {
      length = await read(fd, buffer, 0, buffer.length, 0);
    } catch (error) {
      await closeQuietly(fd);
      throw readFailure(error, path);
    }
    await close(fd);
    if (length > maxBytes) throw tooLarge(path, maxBytes);
    return buffer.toString('utf8', 0, length);
  },

  async writeAt(path, offset, data) {
    const fd = await open(path, WRITE_AT_FLAGS);
    try {
      await writeAll(fd, path, data, offset);
    } catch (error) {
      await closeQuietly(fd);
      throw error;
    }
    await close(fd);
  },

  link(existingPath, newPath) {
    return settle<void>((done) => fs.link(existingPath, newPath, done));
  },

  unlink(path) {
    return settle<void>((done) => fs.unlink(path, done));
  },

  rename(oldPath, newPath) {
    return settle<void>((done) => fs.rename(oldPath, newPath, done));
  },

  stat(path) {
    return settle<FsStats>((done) => fs.lstat(path, done));
  },

  readdir(path) {
    return settle<string[]>((done) => fs.readdir(path, done));
  },
};

type Callback<T> = (error: NodeJS.ErrnoException | null, value?: T) => void;

/** Runs a node:fs callback-style call as a promise. */
function settle<T>(start: (done: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((error, value) => {
      if (error) reject(error);
      else resolve(value as T);
    });
  });
}

function open(path: string, flags: string | number, mode?: number): Promise<number> {
  return settle<number>((done) => fs.open(path, flags, mode, done));
}

function close(fd: number): Promise<void> {
  return settle<void>((done) => fs.close(fd, done));
}

function fstat(fd: number): Promise<fs.Stats> {
  return settle<fs.Stats>((done) => fs.fstat(fd, done));
}

/** Reads at `position`, or (`null`) at the descriptor's offset, moving it. */
function read(
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number | null,
): Promise<number> {
  return settle<number>((done) => fs.read(fd, buffer, offset, length, position, done));
}

function write(
  fd: number,
  data: Buffer,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  return settle<number>((done) => fs.write(fd, data, offset, length, position, done));
}

async function writeAll(fd: number, path: string, data: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const count = await write(fd, data, written, data.length - written, position + written);
    if (count <= 0) throw noProgress(path);
    written += count;
  }
}

async function closeQuietly(fd: number): Promise<void> {
  await close(fd).catch(() => undefined);
}

async function unlinkQuietly(path: string): Promise<void> {
  await settle<void>((done) => fs.unlink(path, done)).catch(() => undefined);
}
