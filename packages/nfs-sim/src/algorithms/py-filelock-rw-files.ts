import { errorCode } from '@linklock/core';
import type { LegacyFs } from './algorithm.js';
import { isFileExists, isOSError, SoftFileLockProtocolError } from './py-filelock-os.js';

/** `_MAX_RECORD_SIZE` (`filelock/_soft_rw/_protocol.py`): 1 MiB. */
export const MAX_RECORD_SIZE = 1 << 20;
/** `_MISSING_ERRNOS`: ENOENT, and ESTALE, "a file a peer unlinked out from under its cached handle". */
const MISSING = new Set(['ENOENT', 'ESTALE']);

/**
 * `OsFiles` (`filelock/_soft_rw/_storage.py`), the `Files` protocol of py-filelock 4's
 * `SoftReadWriteLock`, over `LegacyFs`. Method for method:
 * - `read`: `os.open(O_RDONLY | O_NOFOLLOW)` + `fstat` + `os.read` up to the limit → `read`
 *   (one open); ENOENT/ESTALE → `None`; not a regular file (EISDIR) → `b""`;
 * - `create`: `os.open(O_WRONLY | O_CREAT | O_EXCL)` + `write_all` → `writeFile(…, { exclusive })`
 *   (the simulated client sends the content with the CREATE);
 * - `link`: `os.link`, EEXIST ignored, then "the file's identity decides": `lstat` of both names
 *   (→ `stat`, which the client may answer from its caches) and `(st_dev, st_ino)` → `ino`;
 * - `overwrite`: `os.open(O_WRONLY)` + `write_all` from offset 0 → `writeAt(path, 0, …)`;
 *   ENOENT/ESTALE (the open's "missing") → `False`;
 * - `unlink`: ENOENT, ESTALE and `PermissionError` ignored;
 * - `listdir`: `Path.iterdir` → `readdir` (on NFS: READDIR, cached by the client, H19); ENOENT → `[]`;
 * - `prepare`: `mkdir` of the root, `gen/` and `holders/` (they exist from the start: the simulated
 *   server has no mkdir, `LockAlgorithm.directories`), then the `lstat` that each must be a directory.
 */
export class RwFiles {
  readonly #fs: LegacyFs;
  readonly #lockFile: string;

  constructor(fs: LegacyFs, lockFile: string) {
    this.#fs = fs;
    this.#lockFile = lockFile;
  }

  /** The file's content, `null` when it does not exist, `''` when it is not a regular file. */
  async read(path: string): Promise<string | null> {
    try {
      return (await this.#fs.read(path, { maxBytes: MAX_RECORD_SIZE + 1 })).data;
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && MISSING.has(code)) return null;
      if (code === 'EISDIR') return '';
      throw error;
    }
  }

  /** Creates the file exclusively with the whole record; EEXIST (`FileExistsError`) when it exists. */
  async create(path: string, data: string): Promise<void> {
    await this.#fs.writeFile(path, data, { exclusive: true });
  }

  /** Hard-links without replacing; true when `target` names `source`'s file afterwards. */
  async link(source: string, target: string): Promise<boolean> {
    let failure: unknown;
    try {
      await this.#fs.link(source, target); // _link_no_follow
    } catch (error) {
      if (!isFileExists(error)) {
        if (!isOSError(error)) throw error;
        throwIfHardLinksUnsupported(this.#lockFile, error);
        failure = error;
      }
    }
    const identity = await this.#identity(source);
    if (identity !== null && identity === (await this.#identity(target))) return true;
    if (failure !== undefined) throw failure;
    return false;
  }

  /** Rewrites the file in place from offset 0; false when it no longer exists. */
  async overwrite(path: string, data: string): Promise<boolean> {
    try {
      await this.#fs.writeAt(path, 0, data);
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && MISSING.has(code)) return false;
      throw error;
    }
    return true;
  }

  /** Removes the file, tolerating one already gone. */
  async unlink(path: string): Promise<void> {
    try {
      await this.#fs.unlink(path);
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && (MISSING.has(code) || code === 'EACCES' || code === 'EPERM'))
        return;
      throw error;
    }
  }

  /** The names in the directory, `[]` when it does not exist. */
  async listdir(path: string): Promise<string[]> {
    try {
      return await this.#fs.readdir(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  /** The protocol directories under `root` must be directories (`mkdir`: they exist from the start). */
  async prepare(directories: readonly string[]): Promise<void> {
    for (const directory of directories) {
      const stats = await this.#fs.stat(directory); // directory.lstat()
      if (stats.isSymbolicLink() || !stats.isDirectory()) {
        throw new Error(
          `${directory} exists but is not a directory or is a symlink; refusing to use it`,
        ); // RuntimeError
      }
    }
  }

  /** `_identity`: `lstat`'s inode number, `null` on any OSError. */
  async #identity(path: string): Promise<number | null> {
    try {
      return (await this.#fs.stat(path)).ino;
    } catch (error) {
      if (isOSError(error)) return null;
      throw error;
    }
  }
}

/** `_raise_if_hard_links_unsupported` (`filelock/_strict.py`). */
function throwIfHardLinksUnsupported(lockFile: string, error: unknown): void {
  const code = errorCode(error);
  if (code === 'ENOSYS' || code === 'EXDEV' || code === 'ENOTSUP') {
    throw new SoftFileLockProtocolError(
      lockFile,
      null,
      'filesystem does not support atomic no-replace hard-link publication',
    );
  }
}
