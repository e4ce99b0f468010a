import type { Clock, FileRead, FsAdapter, FsStats, WriteFileOptions } from '@linklock/core';
import { errorCode } from '@linklock/core';
import { appliesTo, type DelayedUnlinkOptions, GhostNames } from './delayed-unlink.js';
import { nodeLikeError } from './node-like-error.js';
import { type Op, SYSCALL } from './ops.js';

/** How much of an unlinked file a ghost name keeps serving (the lock's records are tiny). */
const GHOST_CONTENT_BYTES = 64 * 1024;

/**
 * The inner adapter as seen through delayed unlinks (see {@link DelayedUnlinkOptions}): names
 * unlinked recently stay visible (`visible`), or unlinks return late (`late-return`). Without
 * the option every call goes straight through.
 */
export class DelayedUnlinkView {
  readonly #inner: FsAdapter;
  readonly #options: DelayedUnlinkOptions | undefined;
  readonly #clock: Clock | undefined;
  readonly #ghosts: GhostNames | undefined;
  readonly #note: string;

  constructor(
    inner: FsAdapter,
    options: DelayedUnlinkOptions | undefined,
    clock: Clock | undefined,
    seed: number,
  ) {
    this.#inner = inner;
    this.#options = checkDelayUnlink(options);
    if (this.#options !== undefined && clock === undefined) {
      throw new TypeError('FaultyFs: `delayUnlink` and `latency` need a `clock` to spend time on');
    }
    this.#clock = clock;
    this.#ghosts =
      this.#options !== undefined && clock !== undefined ? new GhostNames(clock) : undefined;
    this.#note = `a delayed unlink keeps the name visible; FaultyFs seed ${seed}`;
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    if (options?.exclusive && this.#ghosts?.at(path)) throw this.#exists('writeFile', path);
    return this.#inner.writeFile(path, data, options);
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#orGhost(
      path,
      () => this.#inner.read(path, options),
      (ghost) => {
        if (ghost.content !== undefined && ghost.content.stats.size > options.maxBytes) {
          throw nodeLikeError('EFBIG', 'read', path, this.#note);
        }
        return ghost.content;
      },
    );
  }

  link(existingPath: string, newPath: string): Promise<void> {
    if (this.#ghosts?.at(newPath)) throw this.#exists('link', newPath);
    return this.#inner.link(existingPath, newPath);
  }

  async rename(oldPath: string, newPath: string): Promise<void> {
    await this.#inner.rename(oldPath, newPath);
    this.#ghosts?.forget(newPath);
  }

  stat(path: string): Promise<FsStats> {
    return this.#orGhost(
      path,
      () => this.#inner.stat(path),
      (ghost) => ghost.stats,
    );
  }

  async readdir(path: string): Promise<string[]> {
    const names = await this.#inner.readdir(path);
    const ghosts = this.#ghosts?.namesIn(path) ?? [];
    return [...names, ...ghosts.filter((name) => !names.includes(name))];
  }

  async unlink(path: string): Promise<void> {
    const delay = this.#options;
    if (delay === undefined || !appliesTo(delay, path)) {
      await this.#inner.unlink(path);
      this.#ghosts?.forget(path);
      return;
    }
    if (delay.mode === 'late-return') {
      await this.#inner.unlink(path);
      await this.#clock!.sleep(delay.ms);
      return;
    }
    // A name that cannot be looked at is unlinked plainly, so its error is unlink's own.
    const stats = await this.#inner.stat(path).catch(() => undefined);
    if (stats === undefined) {
      await this.#inner.unlink(path);
      return;
    }
    const content = await this.#inner
      .read(path, { maxBytes: GHOST_CONTENT_BYTES })
      .catch(() => undefined);
    await this.#inner.unlink(path);
    this.#ghosts?.add(path, delay.ms, { stats, content });
  }

  /** The inner answer; a vanished name still visible as a ghost answers from its snapshot. */
  async #orGhost<T>(
    path: string,
    real: () => Promise<T>,
    fromGhost: (ghost: { stats: FsStats; content: FileRead | undefined }) => T | undefined,
  ): Promise<T> {
    try {
      const result = await real();
      this.#ghosts?.forget(path);
      return result;
    } catch (error) {
      const ghost = errorCode(error) === 'ENOENT' ? this.#ghosts?.at(path) : undefined;
      const answer = ghost === undefined ? undefined : fromGhost(ghost);
      if (answer === undefined) throw error;
      return answer;
    }
  }

  #exists(op: Op, path: string): Error {
    const error = nodeLikeError('EEXIST', SYSCALL[op], path, this.#note);
    (error as { injectedBy?: string }).injectedBy = 'delayed unlink';
    return error;
  }
}

function checkDelayUnlink(
  options: DelayedUnlinkOptions | undefined,
): DelayedUnlinkOptions | undefined {
  if (options === undefined) return undefined;
  if (!(Number.isFinite(options.ms) && options.ms >= 0)) {
    throw new RangeError(`FaultyFs delayUnlink.ms must be a finite number >= 0, got ${options.ms}`);
  }
  if (options.mode !== undefined && options.mode !== 'visible' && options.mode !== 'late-return') {
    throw new TypeError("FaultyFs delayUnlink.mode must be 'visible' or 'late-return'");
  }
  return options;
}
