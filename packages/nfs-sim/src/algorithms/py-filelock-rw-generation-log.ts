import type { Random } from '@linklock/core';
import { SoftFileLockProtocolError, tokenHex } from './py-filelock-os.js';
import type { RwFiles } from './py-filelock-rw-files.js';
import {
  encode,
  GENERATION_DIGITS,
  GENERATIONS_DIRECTORY,
  parseSnapshot,
  RETAINED_GENERATIONS,
  type Snapshot,
  TEMPORARY_PREFIX,
  TOKEN_HEX_LENGTH,
} from './py-filelock-rw-records.js';

/** `GenerationLog`: the snapshots under `gen/`, found by listing and probing, advanced by linking the next one. */
export class GenerationLog {
  readonly #files: RwFiles;
  readonly #lockFile: string;
  readonly #directory: string;
  readonly #random: Random;
  #latest: Snapshot | null = null;

  constructor(files: RwFiles, lockFile: string, root: string, random: Random) {
    this.#files = files;
    this.#lockFile = lockFile;
    this.#directory = `${root}/${GENERATIONS_DIRECTORY}`;
    this.#random = random;
  }

  /** `latest`: list, start from the newest readable generation listed or remembered, probe forward by name. */
  async latest(): Promise<Snapshot> {
    let listed = await this.#list();
    let start = await this.#start(listed);
    if (start === null) {
      listed = await this.#list();
      start = await this.#start(listed);
      if (start === null) {
        if (listed.length > 0) {
          throw new SoftFileLockProtocolError(
            this.#lockFile,
            null,
            'generation log names no readable snapshot',
          );
        }
        start = { generation: 0, writer: null, readers: new Set() };
      }
    }
    let latest = start;
    let generation = start.generation;
    let gap = 0;
    while (gap < RETAINED_GENERATIONS) {
      generation += 1;
      const snapshot = await this.#read(generation);
      if (snapshot === null) {
        gap += 1;
        continue;
      }
      latest = snapshot;
      gap = 0;
    }
    this.#latest = latest;
    return latest;
  }

  /** `_list`: the listed generations, oldest first; all but the newest 64 unlinked. */
  async #list(): Promise<number[]> {
    const listed = (await this.#files.listdir(this.#directory))
      .filter((name) => /^\d+$/.test(name) && name.length === GENERATION_DIGITS)
      .map(Number)
      .sort((a, b) => a - b);
    for (const generation of listed.slice(0, -RETAINED_GENERATIONS)) {
      await this.#files.unlink(this.#path(generation));
    }
    return listed.slice(-RETAINED_GENERATIONS);
  }

  /** `_start`. */
  async #start(listed: number[]): Promise<Snapshot | null> {
    const remembered = this.#latest;
    for (const generation of [...listed].reverse()) {
      if (remembered !== null && remembered.generation >= generation) return remembered;
      const snapshot = await this.#read(generation);
      if (snapshot !== null) return snapshot;
    }
    return remembered;
  }

  /** `_read`: a malformed record, or one naming another generation, fails closed. */
  async #read(generation: number): Promise<Snapshot | null> {
    const data = await this.#files.read(this.#path(generation));
    if (data === null) return null;
    const snapshot = parseSnapshot(data);
    if (snapshot === null || snapshot.generation !== generation) {
      throw new SoftFileLockProtocolError(
        this.#lockFile,
        generationName(generation),
        'malformed generation record',
      );
    }
    return snapshot;
  }

  /** `commit`: publish `successor` as the next generation; false when a peer published it first. */
  async commit(successor: Snapshot): Promise<boolean> {
    const temporary = `${this.#directory}/${TEMPORARY_PREFIX}${tokenHex(this.#random, TOKEN_HEX_LENGTH)}`;
    await this.#files.create(temporary, encode(successor));
    let linked: boolean;
    try {
      linked = await this.#files.link(temporary, this.#path(successor.generation));
    } finally {
      await this.#files.unlink(temporary);
    }
    if (!linked) return false;
    this.#latest = successor;
    await this.#files.unlink(this.#path(successor.generation - RETAINED_GENERATIONS - 1));
    return true;
  }

  #path(generation: number): string {
    return `${this.#directory}/${generationName(generation)}`;
  }
}

/** `GenerationLog._name`. */
export function generationName(generation: number): string {
  return String(generation).padStart(GENERATION_DIGITS, '0');
}
