import { FsError, hasCode } from '../errors/fs-error.js';
import { LockCompromisedError } from '../errors/lock-errors.js';
import { calibrateIfStale } from './calibration.js';
import type { Claim } from './claim.js';
import type { LockContext } from './context.js';
import { forfeitFencingToken, publishFencingToken, winFencingToken } from './fence.js';
import { inspect } from './inspect.js';
import { displacedNonce } from './owner-record.js';
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
   * Wins the next fencing token, confirms the lease never lapsed and the lock is still ours, and
   * only then publishes the token and writes it into the lock file (see fence.ts): a process
   * stalled since it read the counter hands out nothing and publishes nothing.
   */
  async assignToken(): Promise<void> {
    const leaseStartedAt = this.claim.stampedAt;
    const lapsed = () => this.#context.time.ageMs(leaseStartedAt) >= this.lifetime;
    const token = await winFencingToken(this.#context, this.claim);
    if (lapsed() || !(await this.stillOurs()) || lapsed()) {
      await forfeitFencingToken(this.#context, token).catch(() => undefined);
      throw new LockCompromisedError(
        this.#lockfile,
        `${this.#lockfile} was lost while assigning fencing token ${token}`,
      );
    }
    await publishFencingToken(this.#context, this.claim, token);
    await this.claim.renew(this.lifetime, token);
    this.token = token;
  }

  /** Moves the expiry forward in place and confirms the lock is still ours. */
  async refresh(): Promise<void> {
    await calibrateIfStale(this.#context, this.#context.options.timeSource);
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
    const found = await inspect(this.#context, this.#lockfile);
    if (found.kind === 'absent' && found.stale) {
      // Our claim just took the new expiry, so our file lives: a stale handle at the lock path
      // is an old lookup of the name, no sign that the lock went. Taken for a loss, it had the
      // lock file, still ours, removed while the caller went on in its critical section.
      // Tried again while the lease lasts, as any failed refresh is.
      throw new FsError('ESTALE', {
        syscall: 'open',
        path: this.#lockfile,
        message: `ESTALE: reading ${this.#lockfile} to confirm a refresh`,
      });
    }
    if (found.kind !== 'record' || found.record.nonce !== this.claim.nonce) {
      throw new LockCompromisedError(
        this.#lockfile,
        `${this.#lockfile} was broken or replaced by another owner`,
      );
    }
  }

  /**
   * Removes our lock file and claim, the way a breaker removes a lock (rename aside, verify,
   * put back), never by a plain unlink of the lock path: on NFS a stale name cache can make a
   * read of the lock path show our own claim's content after the name was given to another
   * owner (after a retransmitted REMOVE, say), and an unlink by name would then remove their
   * lock (H8). Resolves whether the lock file was still ours.
   */
  async release(): Promise<boolean> {
    try {
      return await this.removeLockFile();
    } finally {
      await this.claim.remove();
    }
  }

  /**
   * Removes our lock file as {@link Holding.release} does, keeping the claim (a shared lock's
   * reader moves on from the gate to its slot). Resolves whether it was ours until removed:
   * a lock broken once never carries our nonce again, so `true` means it was ours throughout.
   */
  async removeLockFile(): Promise<boolean> {
    // Past its lifetime the lock may have been broken and taken: look first, and leave
    // another owner's lock alone rather than move it aside for a moment (which would cost
    // that owner its lease, see remove-verified.ts).
    if (this.leaseAgeMs() >= this.lifetime && !(await this.stillOurs())) return false;
    const outcome = await removeVerified(
      this.#context,
      this.#lockfile,
      this.claim.nextTombstone(),
      this.claim.nonce,
    );
    return outcome === 'removed';
  }

  /**
   * Cleans up after a loss: our lock file is removed only if it still looks like ours (or ours
   * marked displaced), so that a lock that went to another owner is not even moved aside for a
   * moment; our claim goes.
   */
  async discard(): Promise<void> {
    try {
      const found = await inspect(this.#context, this.#lockfile);
      const nonce = found.kind === 'record' ? found.record.nonce : undefined;
      if (nonce === this.claim.nonce || nonce === displacedNonce(this.claim.nonce)) {
        await removeVerified(this.#context, this.#lockfile, this.claim.nextTombstone(), nonce);
      }
    } finally {
      await this.claim.remove();
    }
  }
}
