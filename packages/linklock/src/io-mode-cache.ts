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

  constructor(detect: DetectOptions = {}) {
    this.#detect = detect;
  }

  /** The mode of `directory` when it is already known, without I/O. */
  known(directory: string): IoMode | undefined {
    return this.#known.get(directory);
  }

  /** Records a mode found elsewhere (the detection of `NodeFsAdapter.forDirectory`). */
  remember(directory: string, mode: IoMode): void {
    this.#known.set(directory, mode);
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
