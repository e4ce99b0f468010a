import type { Clock, FileRead, FsStats } from '@linklock/core';
import { type PathPattern, pathMatches } from './ops.js';

/**
 * Unlink whose effect is seen late:
 * - `visible` (the default): `unlink` removes the file and returns at once, but through this
 *   adapter the name stays visible for `ms` (stat and read answer as before, `link` and
 *   exclusive create onto it fail with EEXIST, readdir lists it), as a client with a stale
 *   lookup cache would see it;
 * - `late-return`: the name is gone at once, but the call returns only after `ms`.
 */
export interface DelayedUnlinkOptions {
  ms: number;
  mode?: 'visible' | 'late-return';
  /** Only unlinks of matching paths (a string matches exactly). */
  path?: PathPattern;
}

/** What a ghost name of a `FaultyFs` still answers with. */
export interface Ghost {
  stats: FsStats;
  content: FileRead | undefined;
}

/**
 * The names that were unlinked but are still visible through this adapter, each with the
 * snapshot `S` it still answers with.
 */
export class GhostNames<S = Ghost> {
  readonly #ghosts = new Map<string, { untilMs: number; snapshot: S }>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  add(path: string, ms: number, snapshot: S): void {
    this.#ghosts.set(path, { untilMs: this.#clock.now() + ms, snapshot });
  }

  /** The ghost at `path`, if it is still visible. */
  at(path: string): S | undefined {
    const ghost = this.#ghosts.get(path);
    if (ghost === undefined) return undefined;
    if (this.#clock.now() >= ghost.untilMs) {
      this.#ghosts.delete(path);
      return undefined;
    }
    return ghost.snapshot;
  }

  /** Forgets a ghost: the name was removed again, or a real file took its place. */
  forget(path: string): void {
    this.#ghosts.delete(path);
  }

  /** Visible ghost names in `directory`. */
  namesIn(directory: string): string[] {
    const prefix = directory.endsWith('/') ? directory : `${directory}/`;
    return [...this.#ghosts.keys()]
      .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .filter((path) => this.at(path) !== undefined)
      .map((path) => path.slice(prefix.length));
  }
}

export function appliesTo(options: DelayedUnlinkOptions | undefined, path: string): boolean {
  return options !== undefined && pathMatches(options.path, path);
}
