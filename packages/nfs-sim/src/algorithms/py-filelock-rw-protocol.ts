import type { Random } from '@linklock/core';
import type { LockMode } from './algorithm.js';
import { isFileExists, isOSError, SoftFileLockProtocolError, tokenHex } from './py-filelock-os.js';
import { MAX_RECORD_SIZE, type RwFiles } from './py-filelock-rw-files.js';

/**
 * The generation-log protocol of py-filelock 4's `SoftReadWriteLock`
 * (`filelock/_soft_rw/_protocol.py`): `Snapshot`, `parse_snapshot`, `Ledger`, `GenerationLog`,
 * `Participant`, ported method for method (each names its original). The lock's state is a
 * sequence of immutable snapshots `gen/<N>` (20 digits) naming the writer and the readers; a
 * transition links a fully written `gen/.commit-<token>` to `gen/<N+1>`, which fails when a
 * peer got there first. Each participant keeps `holders/<token>` and rewrites its nonce every
 * heartbeat and every poll; a contender evicts a member whose record it has seen unchanged for
 * the stale threshold on its own monotonic clock. Filesystem calls go through `RwFiles`
 * (`py-filelock-rw-files.ts`, the mapping of `OsFiles`).
 */

const PROTOCOL = 'filelock-rw/1';
const GENERATION_DIGITS = 20;
const TOKEN_HEX_LENGTH = 32;
/** `_RETAINED_GENERATIONS`: how many generations stay, and how far `latest` probes past a gap. */
export const RETAINED_GENERATIONS = 64;
export const GENERATIONS_DIRECTORY = 'gen';
export const HOLDERS_DIRECTORY = 'holders';
const TEMPORARY_PREFIX = '.commit-';

/** `Snapshot`: the lock's state at one generation. */
export interface Snapshot {
  generation: number;
  writer: string | null;
  readers: ReadonlySet<string>;
}

/** `Snapshot.members`. */
export function members(snapshot: Snapshot): Set<string> {
  const all = new Set(snapshot.readers);
  if (snapshot.writer !== null) all.add(snapshot.writer);
  return all;
}

/** `Snapshot.encode`. */
function encode(snapshot: Snapshot): string {
  const lines = [PROTOCOL, `generation=${snapshot.generation}`];
  if (snapshot.writer !== null) lines.push(`writer=${snapshot.writer}`);
  for (const token of [...snapshot.readers].sort()) lines.push(`reader=${token}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** `parse_snapshot`: the snapshot a record encodes, or null when it is malformed. */
export function parseSnapshot(data: string): Snapshot | null {
  if (data === '' || Buffer.byteLength(data) > MAX_RECORD_SIZE) return null;
  if (Buffer.byteLength(data) !== data.length) return null; // data.decode("ascii"): no byte above 0x7f
  const lines = data.split('\n');
  if (lines[0] !== PROTOCOL || lines.at(-1) !== '') return null;
  let generation: number | null = null;
  let writer: string | null = null;
  const readers = new Set<string>();
  for (const line of lines.slice(1, -1)) {
    const at = line.indexOf('=');
    const key = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? '' : line.slice(at + 1);
    if (
      key === 'generation' &&
      generation === null &&
      value.length <= GENERATION_DIGITS &&
      /^\d+$/.test(value) &&
      String(Number(value)) === value
    ) {
      generation = Number(value);
    } else if (key === 'writer' && writer === null && isToken(value)) {
      writer = value;
    } else if (key === 'reader' && isToken(value) && !readers.has(value)) {
      readers.add(value);
    } else {
      return null;
    }
  }
  return generation === null ? null : { generation, writer, readers };
}

/** `is_token`: exactly 32 lowercase hex digits. */
export function isToken(value: string): boolean {
  return value.length === TOKEN_HEX_LENGTH && /^[0-9a-f]*$/.test(value);
}

/** `encode_holder`: the `holders/<token>` record; only the nonce changes between heartbeats. */
function encodeHolder(token: string, nonce: string, pid: number, host: string): string {
  return `${PROTOCOL}\ntoken=${token}\npid=${pid}\nhost=${host}\nnonce=${nonce}\n`;
}

/** `Ledger`: how long each observed value has stayed the same, on this observer's monotonic clock. */
export class Ledger {
  readonly #clock: () => number;
  readonly #seen = new Map<string, { value: string | null; since: number }>();

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** `observe`: records `value` for `key`, returns how long (ms) it has been unchanged. */
  observe(key: string, value: string | null): number {
    const now = this.#clock();
    const seen = this.#seen.get(key);
    if (seen === undefined || seen.value !== value) {
      this.#seen.set(key, { value, since: now });
      return 0;
    }
    return now - seen.since;
  }

  forget(key: string): void {
    this.#seen.delete(key);
  }
}

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
        name(generation),
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
    return `${this.#directory}/${name(generation)}`;
  }
}

/** `GenerationLog._name`. */
function name(generation: number): string {
  return String(generation).padStart(GENERATION_DIGITS, '0');
}

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
