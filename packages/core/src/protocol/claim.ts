import { hasCode } from '../errors/fs-error.js';
import { blankRecord } from './blank-record.js';
import { calibrateIfStale } from './calibration.js';
import type { LockContext } from './context.js';
import { inspect } from './inspect.js';
import { utf8Length } from './name-stem.js';
import { newNonce } from './nonce.js';
import { encodeRecord, encodeTail, type OwnerRecord, RECORD_TAIL_LENGTH } from './owner-record.js';

/** The basename of a file of ours from this process's host, pid and the file's nonce. */
export type ClaimNaming = (hostname: string, pid: number, nonce: string) => string;

/**
 * The claim file of one `lock()` call: created exclusively with a complete owner record, then
 * linked to the lock path. While held, the claim and the lock file are one inode, so rewriting
 * the claim's expiry in place refreshes the lock (H13).
 */
export class Claim {
  readonly path: string;
  readonly basename: string;
  readonly nonce: string;
  readonly #context: LockContext;
  #record: OwnerRecord;
  /** The record as created: the bytes before its tail place the tail a renewal rewrites. */
  #created = '';
  /** Where the tail starts, in bytes: measured at the first renewal (most claims have none). */
  #tailOffset: number | undefined;
  #tombstones = 0;
  /** When the current expiry was computed (a TimeKeeper stamp): the lease starts here. */
  #stampedAt = 0;

  private constructor(context: LockContext, nonce: string, naming: ClaimNaming | undefined) {
    const { identity, timeSource } = context.options;
    this.#context = context;
    this.nonce = nonce;
    this.basename =
      naming === undefined
        ? context.names.claimBasename(identity.hostname, identity.pid, nonce)
        : naming(identity.hostname, identity.pid, nonce);
    this.path = context.names.inDirectory(this.basename);
    this.#record = blankRecord(context, nonce, timeSource, this.basename);
  }

  /**
   * Creates a claim file (or, with `naming`, another file of ours holding an owner record: a
   * shared lock's reader lease), with a fresh nonce unless given one (the fair mode's ticket). On failure nothing is left behind and the error propagates.
   */
  static async create(
    context: LockContext,
    lifetime: number,
    naming?: ClaimNaming,
    nonce: string = newNonce(context),
  ): Promise<Claim> {
    const claim = new Claim(context, nonce, naming);
    await claim.#write(lifetime);
    return claim;
  }

  get record(): OwnerRecord {
    return this.#record;
  }

  /** When the current expiry was computed, as a {@link TimeKeeper.stamp}: the lease starts here. */
  get stampedAt(): number {
    return this.#stampedAt;
  }

  /** How long ago (this process's clock) the expiry was last written. */
  ageMs(): number {
    return this.#context.time.ageMs(this.#stampedAt);
  }

  /** Rewrites the fixed-width tail (token and expiry) in place: same length, no truncation. */
  async renew(lifetime: number, token = this.#record.token): Promise<void> {
    const { time, fs } = this.#context;
    // Never write an expiry from a stale idea of the server's clock (a stepped clock).
    await calibrateIfStale(this.#context, this.#record.timeSource);
    const stampedAt = time.stamp();
    const expiresAt = time.expiryAfter(lifetime, this.#record.timeSource);
    this.#tailOffset ??= utf8Length(this.#created) - RECORD_TAIL_LENGTH;
    await fs.writeAt(this.path, this.#tailOffset, encodeTail(token, expiresAt));
    this.#record = { ...this.#record, token, expiresAt };
    this.#stampedAt = stampedAt;
  }

  /**
   * A fresh tombstone name for a removal this claim's owner makes (a break, a release): its
   * nonce and a counter make it unique, so a tombstone never replaces another.
   */
  nextTombstone(): string {
    const { identity } = this.#context.options;
    this.#tombstones += 1;
    return this.#context.names.tombstone(
      identity.hostname,
      identity.pid,
      this.nonce,
      this.#tombstones,
    );
  }

  /** Removes the claim file; a claim already gone is fine. */
  async remove(): Promise<void> {
    try {
      await this.#context.fs.unlink(this.path);
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
    }
  }

  /** Best-effort removal on an error path: the original error matters more than this one. */
  async discard(): Promise<void> {
    try {
      await this.remove();
    } catch (error) {
      this.#context.logger.warn('linklock: could not remove a claim file', {
        path: this.path,
        error,
      });
    }
  }

  async #isOurs(): Promise<boolean> {
    const found = await inspect(this.#context, this.path).catch(() => undefined);
    return found?.kind === 'record' && found.record.nonce === this.nonce;
  }

  async #write(lifetime: number): Promise<void> {
    const { time, fs, options } = this.#context;
    const calibrate = options.timeSource === 'filesystem' && time.needsCalibration();
    const before = time.localNow();
    const stampedAt = time.stamp();
    // Without a calibration yet, a provisional local-clock expiry is corrected just below.
    const expiresAt = calibrate
      ? before + lifetime
      : time.expiryAfter(lifetime, options.timeSource);
    this.#record = { ...this.#record, expiresAt };
    const text = encodeRecord(this.#record);
    this.#created = text;
    this.#stampedAt = stampedAt;
    try {
      await fs.writeFile(this.path, text, { exclusive: true });
    } catch (error) {
      if (!hasCode(error, 'EEXIST')) {
        await this.discard();
        throw error;
      }
      // Our nonce makes the name unique: EEXIST is the retransmission of our own create whose
      // reply was lost (NFS), unless something else was planted there (H14): leave that alone.
      if (!(await this.#isOurs())) throw error;
    }
    if (!calibrate) return;
    try {
      const stats = await fs.stat(this.path);
      time.calibrate(before, time.localNow(), stats);
      await this.renew(lifetime);
    } catch (error) {
      await this.discard();
      throw error;
    }
  }
}
