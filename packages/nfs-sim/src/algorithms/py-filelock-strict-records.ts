import type { Clock, Random } from '@linklock/core';
import type { LegacyFs } from './algorithm.js';
import {
  isFileNotFound,
  isOSError,
  isPermissionError,
  PyOSError,
  SoftFileLockProtocolError,
  splitPath,
  tokenHex,
} from './py-filelock-os.js';

/**
 * The record files of py-filelock 4's `StrictSoftFileLock` (`filelock/_strict.py`): how a record
 * (the sentinel, a claim) is published under its public name by a hard link of a fully written
 * private file, how a record is opened and read, how a dead publisher's private files are
 * reclaimed. Ported function by function; each function names its Python original.
 *
 * Mapped onto `LegacyFs` (the lock in `py-filelock-strict.ts` lists every mapping):
 * `os.open(O_CREAT | O_EXCL)` + `write_all` → `writeFile(..., { exclusive: true })` (the
 * simulated client sends the content with the CREATE); `os.fstat(fd)` right after → `stat` of
 * the name just created; `lstat` → `stat`; `os.open` + `os.fstat` + `os.read` → `read` (one open,
 * content and stats of the same file); `st_dev, st_ino` → `ino` (one filesystem);
 * `os.scandir` → `readdir`; `os.link`, `os.unlink` (with or without a directory descriptor) →
 * `link`, `unlink`; closing a descriptor does nothing on the filesystem.
 */

export const PRIVATE_RECORD_MARKER = '.private-v1-';
const PRIVATE_RECORD_SUFFIX = '.tmp';
const PRIVATE_RECORD_RANDOM_HEX_LENGTH = 32;
/** `_PRIVATE_RECORD_GRACE`: 2.0 s. */
const PRIVATE_RECORD_GRACE_MS = 2_000;

/** `_PrivateRecordReclaimedError`: a peer reclaimed the private file before it was linked. */
export class PrivateRecordReclaimedError extends Error {
  override name = 'PrivateRecordReclaimedError';
}

/** What `_raise_cleanup_errors` raises: a group of a failure and its failed cleanup (not an OSError). */
export class CleanupErrorGroup extends Error {
  override name = 'BaseExceptionGroupError';
  readonly errors: unknown[];
  constructor(message: string, errors: unknown[]) {
    super(`${message} (${errors.length} sub-exceptions)`);
    this.errors = errors;
  }
}

/** `(st_dev, st_ino)`: one filesystem, so the inode number. */
export type FileIdentity = number;

export class StrictRecords {
  readonly #fs: LegacyFs;
  readonly #clock: Clock;
  readonly #random: Random;

  constructor(fs: LegacyFs, clock: Clock, random: Random) {
    this.#fs = fs;
    this.#clock = clock;
    this.#random = random;
  }

  /** `_open_record` (and `_read_record`, whose close does nothing here): lstat, open, compare identities, read at most `limit` bytes. */
  async openRecord(
    path: string,
    limit: number,
  ): Promise<{ record: string; identity: FileIdentity }> {
    const pathStat = await this.#fs.stat(path); // path.lstat()
    if (!pathStat.isFile()) throw new PyOSError(`${path} is not a regular file`);
    let opened: Awaited<ReturnType<LegacyFs['read']>>;
    try {
      // os.open + _read_opened_record's os.fstat and os.read(fd, limit + 1); over the limit: EFBIG.
      opened = await this.#fs.read(path, { maxBytes: limit });
    } catch (error) {
      if (errorIs(error, 'EISDIR')) throw new PyOSError(`${path} is not a regular file`);
      if (errorIs(error, 'EFBIG')) throw new PyOSError(`${path} exceeds ${limit} bytes`);
      throw error;
    }
    if (opened.stats.ino !== pathStat.ino) throw new PyOSError(`${path} changed while opening`);
    return { record: opened.data, identity: opened.stats.ino };
  }

  /** `_publish_record` and `_publish_record_in_directory`: a private file, fully written, hard-linked to `publicPath`. */
  async publishRecord(publicPath: string, record: string): Promise<void> {
    const [directory, publicName] = splitPath(publicPath);
    const privatePath = `${directory}/${this.#privateRecordName(publicName)}`;
    // _open_directory: the directory descriptor the names are resolved against (no filesystem effect here).
    await this.#fs.writeFile(privatePath, record, { exclusive: true }); // os.open(O_RDWR|O_CREAT|O_EXCL) + write_all
    let privateIdentity: FileIdentity | null = null;
    try {
      privateIdentity = (await this.#fs.stat(privatePath)).ino; // os.fstat(private_fd)
      await this.#linkPrivateRecord(privatePath, publicPath, privateIdentity);
    } catch (publicationError) {
      const unlinkError = await this.#closeAndUnlinkPrivateRecord(privatePath, privateIdentity);
      if (unlinkError !== undefined) {
        throw new CleanupErrorGroup('strict record publication cleanup failed', [
          publicationError,
          unlinkError,
        ]);
      }
      throw publicationError;
    }
    const unlinkError = await this.#closeAndUnlinkPrivateRecord(privatePath, privateIdentity);
    if (unlinkError !== undefined) throw unlinkError; // _raise_record_finalization_errors
  }

  /** `_link_private_record`: link, then the public name must be the private file. */
  async #linkPrivateRecord(
    privatePath: string,
    publicPath: string,
    privateIdentity: FileIdentity,
  ): Promise<void> {
    try {
      await this.#fs.link(privatePath, publicPath); // _link_relative -> _link_no_follow
    } catch (error) {
      if (!isFileNotFound(error)) throw error;
      if ((await this.relativeIdentity(privatePath)) !== null) throw error;
      throw new PrivateRecordReclaimedError('private publication record was reclaimed');
    }
    if ((await this.relativeIdentity(publicPath)) === privateIdentity) return;
    throw new PrivateRecordReclaimedError('private publication record was replaced');
  }

  /** `_close_and_unlink_private_record`: the error of the unlink, if any (a gone file is none). */
  async #closeAndUnlinkPrivateRecord(
    privatePath: string,
    privateIdentity: FileIdentity | null,
  ): Promise<unknown> {
    try {
      if (privateIdentity === null) await this.#fs.unlink(privatePath);
      else await this.#unlinkIfIdentity(privatePath, privateIdentity);
    } catch (error) {
      if (!isFileNotFound(error)) return error;
    }
    return undefined;
  }

  /** `_unlink_relative_if_identity`. */
  async #unlinkIfIdentity(path: string, identity: FileIdentity): Promise<void> {
    if ((await this.relativeIdentity(path)) !== identity) return;
    try {
      await this.#fs.unlink(path);
    } catch (error) {
      if (!isFileNotFound(error)) throw error;
    }
  }

  /** `_relative_identity`: the file's identity by lstat, or null when there is no such file. */
  async relativeIdentity(path: string): Promise<FileIdentity | null> {
    try {
      return (await this.#fs.stat(path)).ino;
    } catch (error) {
      if (isFileNotFound(error)) return null;
      throw error;
    }
  }

  /** `_private_record_name`: `.<public>.private-v1-<32 hex>.tmp`. */
  #privateRecordName(publicName: string): string {
    const random = tokenHex(this.#random, PRIVATE_RECORD_RANDOM_HEX_LENGTH);
    return `.${publicName}${PRIVATE_RECORD_MARKER}${random}${PRIVATE_RECORD_SUFFIX}`;
  }

  /**
   * `_reclaim_private_record`: removes a private file unless it is a single name younger than
   * the grace. `nowMs` is `time.time()`, this host's clock; the mtime is the server's stamp.
   */
  async reclaimPrivateRecord(directory: string, privateName: string, nowMs: number): Promise<void> {
    const path = `${directory}/${privateName}`;
    let privateStat: Awaited<ReturnType<LegacyFs['stat']>>;
    try {
      privateStat = await this.#fs.stat(path); // Path.lstat()
    } catch (error) {
      if (isFileNotFound(error)) return;
      throw error;
    }
    if (!privateStat.isFile()) throw new PyOSError(`${path} is not a regular private record`);
    if (privateStat.nlink === 1 && nowMs - privateStat.mtimeMs < PRIVATE_RECORD_GRACE_MS) return;
    try {
      await this.#fs.unlink(path); // _unlink_private_record_once
    } catch (error) {
      if (isFileNotFound(error)) return;
      if (!isPermissionError(error)) throw error;
    }
  }

  /** `_reclaim_sentinel_private_records`: a dead publisher's private files of the sentinel, reclaimed. */
  async reclaimSentinelPrivateRecords(sentinelPath: string, nowMs: number): Promise<void> {
    const [directory, name] = splitPath(sentinelPath);
    for (const entry of await this.#fs.readdir(directory)) {
      if (privatePublicName(entry) === name)
        await this.reclaimPrivateRecord(directory, entry, nowMs);
    }
  }

  /** `_ensure_protocol_directory`: `mkdir` (EEXIST: the directory exists from the start), then lstat. */
  async ensureProtocolDirectory(lockFile: string, directory: string): Promise<void> {
    let isDirectory: boolean;
    try {
      isDirectory = (await this.#fs.stat(directory)).isDirectory(); // directory.lstat().st_mode
    } catch (error) {
      if (!isOSError(error)) throw error;
      throw new SoftFileLockProtocolError(lockFile, null, `cannot inspect ${directory}`);
    }
    if (!isDirectory) {
      throw new SoftFileLockProtocolError(lockFile, null, `${directory} is not a real directory`);
    }
  }

  /** `Path.exists()`: false on ENOENT or ENOTDIR, raises on anything else. */
  async exists(path: string): Promise<boolean> {
    try {
      await this.#fs.stat(path);
      return true;
    } catch (error) {
      if (errorIs(error, 'ENOENT') || errorIs(error, 'ENOTDIR')) return false;
      throw error;
    }
  }

  /** `time.time()`. */
  wallClockMs(): number {
    return this.#clock.now();
  }
}

/** `_private_public_name`: the public name a private file is for, or null when it is not one. */
export function privatePublicName(privateName: string): string | null {
  if (!privateName.startsWith('.') || !privateName.endsWith(PRIVATE_RECORD_SUFFIX)) return null;
  const inner = privateName.slice(1, -PRIVATE_RECORD_SUFFIX.length);
  const at = inner.lastIndexOf(PRIVATE_RECORD_MARKER);
  if (at < 0) return null;
  const random = inner.slice(at + PRIVATE_RECORD_MARKER.length);
  if (random.length !== PRIVATE_RECORD_RANDOM_HEX_LENGTH || !/^[0-9a-f]*$/.test(random)) {
    return null;
  }
  return inner.slice(0, at);
}

function errorIs(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}
