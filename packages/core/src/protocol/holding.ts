import { hasCode } from '../errors/fs-error.js';
import { LockCompromisedError } from '../errors/lock-errors.js';
import { calibrateWithProbe } from './calibration.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { nextFencingToken } from './fence.js';
import { inspect } from './inspect.js';
import { removeVerified } from './remove-verified.js';

/**
 * One acquisition while it holds the lock: its claim (the lock file's other name), its fencing
 * token and lifetime, and the file operations on a held lock: confirm, refresh, release.
 * It reports a loss by throwing `LockCompromisedError`; cleaning up after one is the caller's.
 */
export class Holding {
  readonly claim: Claim;
  token: number | undefined;
  lifetime: number;
  readonly #context: LockContext;
  #tombstones = 0;

  constructor(context: LockContext, claim: Claim) {
    this.#context = context;
    this.claim = claim;
    this.lifetime = context.options.lifetime;
  }

  get #lockfile(): string {
    return this.#context.names.lockfile;
  }

  /** How long ago (this process's clock) the current lease began. */
  leaseAgeMs(): number {
    return this.claim.ageMs();
  }

  /** Whether the lock file still carries our nonce (read fresh: content, not attributes). */
  async stillOurs(): Promise<boolean> {
    const found = await inspect(this.#context, this.#lockfile);
    return found.kind === 'record' && found.record.nonce === this.claim.nonce;
  }

  /**
   * Wins the next fencing token and writes it into the lock file, then confirms the lease never
   * lapsed and the lock is still ours (see fence.ts), so no reused number is handed out.
   */
  async assignToken(): Promise<void> {
    const leaseStartedAt = this.claim.stampedAtLocalMs;
    const token = await nextFencingToken(this.#context, this.claim);
    await this.claim.renew(this.lifetime, token);
    const lapsed = this.#context.time.localNow() - leaseStartedAt >= this.lifetime;
    if (lapsed || !(await this.stillOurs())) {
      throw new LockCompromisedError(
        this.#lockfile,
        `${this.#lockfile} was lost while assigning fencing token ${token}`,
      );
    }
    this.token = token;
  }

  /** Moves the expiry forward in place and confirms the lock is still ours. */
  async refresh(): Promise<void> {
    const { options, time } = this.#context;
    if (options.timeSource === 'filesystem' && time.needsCalibration()) {
      await calibrateWithProbe(this.#context);
    }
    try {
      await this.claim.renew(this.lifetime);
    } catch (error) {
      if (!hasCode(error, 'ENOENT')) throw error;
      throw new LockCompromisedError(
        this.#lockfile,
        `The claim file of ${this.#lockfile} is gone: the lock was broken`,
        { cause: error },
      );
    }
    if (!(await this.stillOurs())) {
      throw new LockCompromisedError(
        this.#lockfile,
        `${this.#lockfile} was broken or replaced by another owner`,
      );
    }
  }

  /**
   * Removes our lock file and claim. Inside the lifetime nobody else may touch the lock file,
   * so a verified plain unlink is safe; near or past the expiry it is removed the way a breaker
   * does (rename aside, verify, put back), so another owner's lock is never removed (H8).
   * Resolves whether the lock file was still ours.
   */
  async release(): Promise<boolean> {
    try {
      if (this.leaseAgeMs() < this.lifetime) {
        if (!(await this.stillOurs())) return false;
        await this.#unlinkLockfile();
        return true;
      }
      return (
        (await removeVerified(
          this.#context,
          this.#lockfile,
          this.#nextTombstone(),
          this.claim.nonce,
        )) === 'removed'
      );
    } finally {
      await this.claim.remove();
    }
  }

  /**
   * Unlinks our (verified) lock file. An EIO or timeout may be the lost reply of an unlink that
   * happened: if the lock file no longer carries our nonce, it did; otherwise the error stands.
   */
  async #unlinkLockfile(): Promise<void> {
    try {
      await this.#context.fs.unlink(this.#lockfile);
    } catch (error) {
      if (hasCode(error, 'ENOENT', 'ESTALE')) return;
      if (hasCode(error, 'EIO', 'ETIMEDOUT') && !(await this.stillOurs())) return;
      throw error;
    }
  }

  #nextTombstone(): string {
    const { identity } = this.#context.options;
    this.#tombstones += 1;
    return this.#context.names.tombstone(
      identity.hostname,
      identity.pid,
      `${this.claim.nonce}-u${this.#tombstones}`,
    );
  }
}
