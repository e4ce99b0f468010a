import { dirname } from 'node:path';
import { type DetectOptions, detectFilesystem, type IoMode } from './filesystem-kind.js';

/**
 * The `auto` mode's memory: the I/O mode of each directory, detected once (realpath +
 * mountinfo) on its first call and then answered without I/O. A directory that cannot be
 * resolved yet (it does not exist) is served asynchronously and detected again next time.
 * Concurrent first calls share one detection.
 */
export class IoModeCache {
  readonly #known = new Map<string, IoMode>();
  readonly #pending = new Map<string, Promise<IoMode>>();
  readonly #detect: DetectOptions;
  /** The directory {@link knownForEntry} last answered for, and its mode: most calls repeat it. */
  #lastDirectory = '';
  #lastMode: IoMode | undefined;

  constructor(detect: DetectOptions = {}) {
    this.#detect = detect;
  }

  /** The mode of `directory` when it is already known, without I/O. */
  known(directory: string): IoMode | undefined {
    return this.#known.get(directory);
  }

  /**
   * The mode of the directory that `path` is an entry of (its `dirname`), when already known,
   * without I/O. A lock's files all lie in one directory, so the directory answered last is
   * tried first by comparing characters: no directory string is cut out and hashed per call.
   */
  knownForEntry(path: string): IoMode | undefined {
    if (isEntryOf(path, this.#lastDirectory)) return this.#lastMode;
    const directory = dirname(path);
    const mode = this.#known.get(directory);
    if (mode !== undefined) {
      this.#lastDirectory = directory;
      this.#lastMode = mode;
    }
    return mode;
  }

  /** Records a mode found elsewhere (the detection of `NodeFsAdapter.forDirectory`). */
  remember(directory: string, mode: IoMode): void {
    this.#known.set(directory, mode);
    // The last answer may have been for this directory: it is asked for afresh.
    this.#lastDirectory = '';
  }

  /** The mode of `directory`, detecting it on the first call. */
  modeOf(directory: string): IoMode | Promise<IoMode> {
    const known = this.#known.get(directory);
    if (known !== undefined) return known;
    let pending = this.#pending.get(directory);
    if (pending === undefined) {
      pending = this.#detectMode(directory);
      this.#pending.set(directory, pending);
    }
    return pending;
  }

  async #detectMode(directory: string): Promise<IoMode> {
    try {
      const info = await detectFilesystem(directory, this.#detect);
      // No mount table (not Linux): asynchronous, the safe choice for an unknown filesystem.
      const mode = info?.ioMode ?? 'async';
      this.#known.set(directory, mode);
      return mode;
    } catch {
      return 'async';
    } finally {
      this.#pending.delete(directory);
    }
  }
}

/**
 * Whether `path` is `<directory>/<name>`, a name without slashes: then `dirname(path)` is
 * `directory`. Anything else (no directory yet, the root, a trailing or doubled slash) says no,
 * and the caller takes the general way.
 */
function isEntryOf(path: string, directory: string): boolean {
  const length = directory.length;
  return (
    length > 1 &&
    path.length > length + 1 &&
    path.charCodeAt(length) === SLASH &&
    path.startsWith(directory) &&
    path.indexOf('/', length + 1) === -1
  );
}

const SLASH = 0x2f;
