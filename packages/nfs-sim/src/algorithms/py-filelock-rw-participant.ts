import type { Random } from '@linklock/core';
import type { LockMode } from './algorithm.js';
import { isFileExists, isOSError, tokenHex } from './py-filelock-os.js';
import type { RwFiles } from './py-filelock-rw-files.js';
import type { GenerationLog } from './py-filelock-rw-generation-log.js';
import type { Ledger } from './py-filelock-rw-ledger.js';
import {
  encodeHolder,
  GENERATIONS_DIRECTORY,
  HOLDERS_DIRECTORY,
  isToken,
  members,
  type Snapshot,
  TEMPORARY_PREFIX,
  TOKEN_HEX_LENGTH,
} from './py-filelock-rw-records.js';

/**
 * The participant of py-filelock 4's `SoftReadWriteLock` (`filelock/_soft_rw/_protocol.py`,
 * `Participant`), ported method for method (each names its original); the records, the ledger
 * and the generation log it works with have files of their own. The lock's state is a
 * sequence of immutable snapshots `gen/<N>` (20 digits) naming the writer and the readers; a
 * transition links a fully written `gen/.commit-<token>` to `gen/<N+1>`, which fails when a
 * peer got there first. Each participant keeps `holders/<token>` and rewrites its nonce every
 * heartbeat and every poll; a contender evicts a member whose record it has seen unchanged for
 * the stale threshold on its own monotonic clock. Filesystem calls go through `RwFiles`
 * (`py-filelock-rw-files.ts`, the mapping of `OsFiles`).
 */

export type HeartbeatOutcome = 'ok' | 'lost' | 'transient';

export interface ParticipantOptions {
  files: RwFiles;
  root: string;
  mode: LockMode;
  staleThresholdMs: number;
  clock: () => number;
  ledger: Ledger;
  log: GenerationLog;
  random: Random;
  pid: number;
  host: string;
}

/** `Participant`: one acquisition, from publishing a claim through holding the lock to leaving. */
export class Participant {
  readonly token: string;
  readonly mode: LockMode;
  generation: number | null = null;
  readonly #o: ParticipantOptions;
  readonly #holder: string;
  #entered = false;
  #nextSweep: number;

  constructor(options: ParticipantOptions) {
    this.#o = options;
    this.token = tokenHex(options.random, TOKEN_HEX_LENGTH);
    this.mode = options.mode;
    this.#holder = this.#holderPath(this.token);
    this.#nextSweep = options.clock();
  }

  /** `publish`: the holder record exists before the token appears in any snapshot. */
  async publish(): Promise<void> {
    const { files, root } = this.#o;
    await files.prepare([root, `${root}/${GENERATIONS_DIRECTORY}`, `${root}/${HOLDERS_DIRECTORY}`]);
    await files.create(this.#holder, this.#encodeHolder());
  }

  /** `advance`: the next step toward holding the lock; true once granted. */
  async advance(): Promise<boolean> {
    for (let round = 0; round < 4; round += 1) {
      const latest = await this.#o.log.latest();
      await this.#keepClaimFresh(latest);
      await this.#sweep(latest);
      const stale = new Set<string>();
      for (const token of members(latest)) {
        if (token !== this.token && (await this.#isStale(token))) stale.add(token);
      }
      let writer = latest.writer !== null && stale.has(latest.writer) ? null : latest.writer;
      let readers = new Set([...latest.readers].filter((token) => !stale.has(token)));
      if (!this.#entered) {
        if (writer !== null) {
          // A live writer blocks entry in both modes; only an eviction is worth committing.
          if (stale.size > 0) await this.#commit(latest, writer, readers, stale);
          return false;
        }
        if (this.mode === 'write') writer = this.token;
        else readers = new Set([...readers, this.token]);
      }
      const granted = this.mode === 'read' || readers.size === 0;
      if (this.#entered && stale.size === 0 && !granted) return false;
      const generation = await this.#commit(latest, writer, readers, stale);
      if (generation === null) continue;
      this.#entered = true;
      if (granted) this.generation = generation;
      return granted;
    }
    return false;
  }

  /** `_keep_claim_fresh`: membership from the snapshot; the nonce rewritten (the record recreated if gone). */
  async #keepClaimFresh(latest: Snapshot): Promise<void> {
    this.#entered = members(latest).has(this.token);
    if (!(await this.#refreshNonce())) {
      try {
        await this.#o.files.create(this.#holder, this.#encodeHolder());
      } catch (error) {
        if (!isFileExists(error)) throw error;
      }
    }
  }

  /** `_sweep`: at most every half threshold, unnamed holder records and temporaries unchanged for a threshold go. */
  async #sweep(latest: Snapshot): Promise<void> {
    const { clock, files, root, staleThresholdMs } = this.#o;
    const now = clock();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + staleThresholdMs / 2;
    const holders = `${root}/${HOLDERS_DIRECTORY}`;
    const named = members(latest);
    for (const entry of await files.listdir(holders)) {
      if (entry !== this.token && !named.has(entry) && isToken(entry)) {
        await this.#collect(`holder:${entry}`, `${holders}/${entry}`);
      }
    }
    const generations = `${root}/${GENERATIONS_DIRECTORY}`;
    for (const entry of await files.listdir(generations)) {
      if (entry.startsWith(TEMPORARY_PREFIX)) {
        await this.#collect(`temporary:${entry}`, `${generations}/${entry}`);
      }
    }
  }

  /** `_collect`. */
  async #collect(key: string, path: string): Promise<void> {
    const { files, ledger, staleThresholdMs } = this.#o;
    if (ledger.observe(key, await files.read(path)) >= staleThresholdMs) {
      await files.unlink(path);
      ledger.forget(key);
    }
  }

  /** `_commit`: the successor linked; the evicted members' holder records removed. */
  async #commit(
    latest: Snapshot,
    writer: string | null,
    readers: ReadonlySet<string>,
    stale: ReadonlySet<string>,
  ): Promise<number | null> {
    const successor = { generation: latest.generation + 1, writer, readers };
    if (!(await this.#o.log.commit(successor))) return null;
    for (const token of stale) {
      await this.#o.files.unlink(this.#holderPath(token));
      this.#o.ledger.forget(token);
    }
    return successor.generation;
  }

  /** `_is_stale`. */
  async #isStale(token: string): Promise<boolean> {
    const { files, ledger, staleThresholdMs } = this.#o;
    return ledger.observe(token, await files.read(this.#holderPath(token))) >= staleThresholdMs;
  }

  #holderPath(token: string): string {
    return `${this.#o.root}/${HOLDERS_DIRECTORY}/${token}`;
  }

  /** `_refresh_nonce`. */
  #refreshNonce(): Promise<boolean> {
    return this.#o.files.overwrite(this.#holder, this.#encodeHolder());
  }

  #encodeHolder(): string {
    const { random, pid, host } = this.#o;
    return encodeHolder(this.token, tokenHex(random, TOKEN_HEX_LENGTH), pid, host);
  }

  /** `heartbeat`: refresh the nonce and confirm the latest snapshot still names this participant. */
  async heartbeat(): Promise<{ outcome: HeartbeatOutcome; error?: unknown }> {
    try {
      if (!(await this.#refreshNonce())) return { outcome: 'lost' };
    } catch (error) {
      if (!isOSError(error)) throw error;
      return { outcome: 'transient', error };
    }
    let latest: Snapshot;
    try {
      latest = await this.#o.log.latest();
      await this.#sweep(latest);
    } catch (error) {
      if (!isOSError(error)) throw error;
      return { outcome: 'ok' };
    }
    return { outcome: members(latest).has(this.token) ? 'ok' : 'lost' };
  }

  /** `leave`: commit this participant out of the latest snapshot, then remove its holder record. */
  async leave(): Promise<void> {
    for (;;) {
      const latest = await this.#o.log.latest();
      if (!members(latest).has(this.token)) break;
      const successor = {
        generation: latest.generation + 1,
        writer: latest.writer === this.token ? null : latest.writer,
        readers: new Set([...latest.readers].filter((token) => token !== this.token)),
      };
      if (await this.#o.log.commit(successor)) break;
    }
    this.#entered = false;
    this.generation = null;
    await this.#o.files.unlink(this.#holder);
  }
}
