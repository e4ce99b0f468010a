/**
 * py-filelock 4's `StrictSoftFileLock` (pip package `filelock` 4.0.8, `filelock/_strict.py`, the
 * poll loop of `filelock/_api.py`), ported step for step so that what the simulator finds is
 * about py-filelock, not about the port. Exclusive only. Not to be improved.
 *
 * The protocol (`StrictSoftFileLock._acquire` and `_attempt_doorway`), one attempt per poll:
 * 1. `<lock>.filelock/` and `<lock>.filelock/claims/` must be directories
 *    (`_ensure_protocol_directory`);
 * 2. the sentinel: the lock file itself holds `1\nfilelock-strict-v1\0\n0\n`, opened and kept
 *    open while held (`_open_or_create_sentinel`: open it; missing ⇒ reclaim the sentinel's dead
 *    private files, publish it, open it again; any other OSError ⇒ this attempt fails);
 * 3. the doorway: scan the claims (`_read_existing_claims`: list, read each); any ⇒ fail;
 * 4. publish `intent-v1-<token>.claim` (32 random hex digits; `_publish_record`: a private
 *    file `.<name>.private-v1-<hex>.tmp` fully written, hard-linked to the name, the link's
 *    result checked by inode number); EEXIST or a reclaimed private file ⇒ fail;
 * 5. scan again: none, any `held-…`, or a smaller name than ours ⇒ withdraw (unlink our intent), fail;
 * 6. `link(intent, held-v1-<token>.claim)` (`_link_no_replace`); an error is raised;
 * 7. scan again: both our names listed and our token the smallest ⇒ held (the intent is kept as
 *    a witness for the whole hold); else withdraw both, fail.
 * A failed attempt sleeps `_poll_delay` (a poll interval of 0.05 s, jittered up to
 * `_poll_backoff_cap` 0.05 s: 50 ms) and tries again until the timeout (`_check_give_up`:
 * `timeout < elapsed`, on `time.perf_counter`); timeout 0 is `blocking=False`, one attempt.
 * Release (`_release`) unlinks the held claim, then the intent; an unlink that fails (other than
 * ENOENT) keeps the lock "held" and raises. The sentinel is never removed.
 *
 * No lifetime, no heartbeat, no staleness: "a strict claim is never broken by age, only by
 * `force_break()`" (`_lifetime_unsupported_reason`). A holder that dies, or a claim left by a
 * failed call, blocks every process until an operator removes it. No fencing token.
 *
 * Mapped onto `LegacyFs` (no mkdir, no descriptors):
 * - `mkdir` of the protocol directories: `LockAlgorithm.directories` has the simulation create
 *   them before the run (the simulated server has no mkdir); what is ported is the `lstat` after
 *   the `mkdir`'s EEXIST. `ensure_directory_exists(lock_path)` (the lock file's directory,
 *   `mkdir(parents=True, exist_ok=True)`) is not ported: it exists;
 * - descriptors: the sentinel's descriptor is its `read` (open + fstat + read); closing it does
 *   nothing; `os.fstat(fd)` of a file just created by this process is `stat` of its name;
 * - `os.open(O_CREAT | O_EXCL)` + `write_all` → `writeFile(…, { exclusive: true })`;
 * - `os.scandir` → `readdir` (on NFS: READDIR, cached by the client, H19);
 * - `lstat` → `stat`; `st_dev, st_ino` → `ino`; `st_nlink` → `nlink`; `st_mtime` → `mtimeMs`;
 * - `time.time()` → `clock.now()`; `time.monotonic()`, `time.perf_counter()` → `clock.monotonic()`;
 *   `time.sleep` → `clock.sleep`; `secrets` → `random`;
 * - the claim record's process start token (`process_start_token`) is empty (none proven), its
 *   host and pid those of the simulated process;
 * - Windows-only branches (delete-pending retries, `_UNLINK_MAX_RETRIES`) are not ported, nor
 *   the fork and thread bookkeeping of `BaseFileLock` (one process, one thread, not reentered).
 * Errors: an errno error of the filesystem is Python's `OSError`; py-filelock's own are
 * `PyOSError`, `SoftFileLockProtocolError` (an `OSError`) and `CleanupErrorGroup`
 * (`_raise_cleanup_errors`). An error `acquire()` raises rejects the lock call.
 */
import type { AlgorithmContext, LockAlgorithm, LockInstance } from './algorithm.js';
import {
  isFileExists,
  isFileNotFound,
  isOSError,
  monotonicMs,
  randbelow,
  SoftFileLockProtocolError,
  tokenHex,
} from './py-filelock-os.js';
import { ClaimDirectoryReader } from './py-filelock-strict-claim-reader.js';
import {
  claimName,
  claimRecord,
  claimTokenKey,
  minimum,
  TOKEN_HEX_LENGTH,
} from './py-filelock-strict-claims.js';
import {
  CleanupErrorGroup,
  type FileIdentity,
  PrivateRecordReclaimedError,
  StrictRecords,
} from './py-filelock-strict-records.js';

/** `STRICT_SOFT_SENTINEL_RECORD` (`filelock/_soft_protocol.py`). */
const SENTINEL_RECORD = '1\nfilelock-strict-v1\u0000\n0\n';
const SENTINEL_BYTES = Buffer.byteLength(SENTINEL_RECORD);
const COORDINATION_SUFFIX = '.filelock';
const CLAIM_DIRECTORY_NAME = 'claims';
/** `BaseFileLock.__init__`'s `poll_interval` default 0.05 s; `StrictSoftFileLock._poll_backoff_cap` 0.05 s. */
const POLL_INTERVAL_MS = 50;
const POLL_BACKOFF_CAP_MS = 50;
/** `_MAX_BACKOFF_EXPONENT` (`filelock/_api.py`). */
const MAX_BACKOFF_EXPONENT = 20;

export function strictPaths(lockfile: string): { coordination: string; claims: string } {
  const coordination = `${lockfile}${COORDINATION_SUFFIX}`;
  return { coordination, claims: `${coordination}/${CLAIM_DIRECTORY_NAME}` };
}

class StrictSoftFileLock implements LockInstance {
  readonly token = undefined;
  readonly #ctx: AlgorithmContext;
  readonly #records: StrictRecords;
  readonly #claims: ClaimDirectoryReader;
  /** `_context.owner_claim_paths`. */
  #ownerClaimPaths: string[] = [];
  /** `_context.lock_counter`: acquisitions not yet released. */
  #lockCounter = 0;
  /** `_context.lock_file_fd`: the sentinel's identity while held. */
  #sentinel: FileIdentity | null = null;

  constructor(ctx: AlgorithmContext) {
    this.#ctx = ctx;
    this.#records = new StrictRecords(ctx.fs, ctx.clock, ctx.random);
    this.#claims = new ClaimDirectoryReader(ctx, this.#records);
  }

  /**
   * `BaseFileLock.acquire`: counts the call (`lock_counter`), polls, and keeps the count when the
   * call raised with the lock still "held" (`_reconcile_failed_acquire`: a doorway whose claims
   * could not be removed), so that the next `acquire()` returns at once, as Python's does.
   */
  async acquire(timeoutMs: number | null): Promise<boolean> {
    this.#lockCounter += 1;
    let held: boolean;
    try {
      held = await this.#pollUntilAcquired(timeoutMs);
    } catch (error) {
      if (this.#sentinel === null) this.#undoAcquire();
      throw error;
    }
    if (!held) this.#undoAcquire(); // Timeout
    return held;
  }

  /** `_undo_acquire`. */
  #undoAcquire(): void {
    this.#lockCounter = Math.max(0, this.#lockCounter - 1);
  }

  /** `_poll_until_acquired`: true when held, false on `Timeout`. */
  async #pollUntilAcquired(timeoutMs: number | null): Promise<boolean> {
    const { clock, random } = this.#ctx;
    const blocking = timeoutMs !== 0;
    const startMs = monotonicMs(clock);
    for (let attempt = 0; ; ) {
      if (this.#sentinel === null) {
        // _try_break_expired_lock: no lifetime for a strict lock, nothing to break.
        await this.#acquireOnce();
      }
      if (this.#sentinel !== null) return true;
      // _check_give_up: blocking=False, or 0 <= timeout < perf_counter() - start.
      if (!blocking) return false;
      if (timeoutMs !== null && timeoutMs < monotonicMs(clock) - startMs) return false;
      attempt += 1;
      // _poll_delay: max(poll_interval, randbelow(window)) with window = min(cap, poll * 2**attempt).
      const windowMs = Math.min(
        POLL_BACKOFF_CAP_MS,
        POLL_INTERVAL_MS * 2 ** Math.min(attempt, MAX_BACKOFF_EXPONENT),
      );
      const delayMs = Math.max(POLL_INTERVAL_MS, randbelow(random, windowMs * 1000 + 1) / 1000);
      await clock.sleep(delayMs);
    }
  }

  /** `StrictSoftFileLock._acquire`: one attempt; leaves `#sentinel` set when it holds the lock. */
  async #acquireOnce(): Promise<void> {
    const { lockfile } = this.#ctx;
    const { coordination, claims } = strictPaths(lockfile);
    await this.#records.ensureProtocolDirectory(lockfile, coordination);
    await this.#records.ensureProtocolDirectory(lockfile, claims);
    const sentinel = await this.#openOrCreateSentinel();
    if (sentinel === null) return;
    // os.fstat(sentinel_fd): the identity read with the sentinel; _mark_descriptor_pending.
    try {
      await this.#attemptDoorway(claims, sentinel);
    } catch (error) {
      if (this.#sentinel === null) await this.#discardDoorway(sentinel);
      throw error;
    }
  }

  /** `_attempt_doorway`. */
  async #attemptDoorway(claimDirectory: string, sentinel: FileIdentity): Promise<void> {
    if ((await this.#claims.readExisting(claimDirectory)).length > 0) {
      await this.#discardDoorway(sentinel);
      return;
    }
    const token = tokenHex(this.#ctx.random, TOKEN_HEX_LENGTH);
    const intentName = claimName('intent', token);
    const intentPath = `${claimDirectory}/${intentName}`;
    try {
      await this.#records.publishRecord(intentPath, claimRecord(this.#ctx.identity, token));
    } catch (error) {
      if (error instanceof PrivateRecordReclaimedError || isFileExists(error)) {
        await this.#discardDoorway(sentinel);
        return;
      }
      throwIfHardLinksUnsupported(this.#ctx.lockfile, error);
      throw error;
    }
    this.#ownerClaimPaths = [intentPath];

    let claims = await this.#claims.readExisting(claimDirectory);
    if (
      claims.length === 0 ||
      claims.some((claim) => claim.state === 'held') ||
      minimum(claims.map((claim) => claim.name)) !== intentName
    ) {
      await this.#discardDoorway(sentinel);
      return;
    }

    const heldName = claimName('held', token);
    const heldPath = `${claimDirectory}/${heldName}`;
    try {
      await this.#ctx.fs.link(intentPath, heldPath); // _link_no_replace
    } catch (error) {
      throwIfHardLinksUnsupported(this.#ctx.lockfile, error);
      throw error;
    }
    this.#ownerClaimPaths = [heldPath, intentPath];

    claims = await this.#claims.readExisting(claimDirectory);
    const names = new Set(claims.map((claim) => claim.name));
    if (
      !names.has(intentName) ||
      !names.has(heldName) ||
      minimum(claims.map((claim) => claimTokenKey(claim.name))) !== `v1-${token}.claim`
    ) {
      await this.#discardDoorway(sentinel);
      return;
    }
    // The intent stays for the whole hold, as the witness of the min-token decision.
    this.#sentinel = sentinel; // _mark_descriptor_owned
  }

  /** `_discard_doorway`: unlink what this attempt published; an unlink that fails keeps it "held" and raises. */
  async #discardDoorway(sentinel: FileIdentity): Promise<void> {
    const { remaining, errors } = await this.#unlinkOwnerPaths(this.#ownerClaimPaths);
    this.#ownerClaimPaths = remaining;
    if (remaining.length > 0) {
      this.#sentinel = sentinel; // _mark_descriptor_owned
      throwRecorded('strict doorway claim cleanup failed', errors);
    }
    this.#sentinel = null; // _mark_descriptor_released; closing the descriptor does nothing here
    if (errors.length > 0) throwRecorded('strict doorway cleanup failed', errors);
  }

  /** `BaseFileLock.release`: only the last of nested acquisitions releases (`lock_counter`). */
  async release(): Promise<void> {
    if (this.#sentinel === null) return; // not locked: nothing to do
    if (this.#lockCounter > 1) {
      this.#lockCounter -= 1;
      return;
    }
    try {
      await this.#release();
    } catch (error) {
      if (this.#sentinel === null) this.#lockCounter = 0; // _commit_release
      throw error;
    }
    this.#lockCounter = 0;
  }

  /** `_release`. */
  async #release(): Promise<void> {
    const { remaining, errors } = await this.#unlinkOwnerPaths(this.#ownerClaimPaths);
    this.#ownerClaimPaths = remaining;
    if (remaining.length > 0) throwRecorded('strict claim release failed', errors);
    this.#sentinel = null;
    if (errors.length > 0) throwRecorded('strict release cleanup failed', errors);
  }

  /** `_unlink_owner_paths`: every path unlinked (ENOENT counts as removed), the rest and the errors returned. */
  async #unlinkOwnerPaths(paths: string[]): Promise<{ remaining: string[]; errors: unknown[] }> {
    const remaining: string[] = [];
    const errors: unknown[] = [];
    for (const path of paths) {
      try {
        await this.#ctx.fs.unlink(path); // _unlink_in_directory
      } catch (error) {
        if (isFileNotFound(error)) continue;
        remaining.push(path);
        errors.push(error);
      }
    }
    return { remaining, errors };
  }

  /** `_open_or_create_sentinel`: the sentinel's identity, or null when this attempt cannot use it. */
  async #openOrCreateSentinel(): Promise<FileIdentity | null> {
    const { lockfile } = this.#ctx;
    try {
      return await this.#openSentinel(lockfile);
    } catch (error) {
      if (!isFileNotFound(error)) {
        if (isOSError(error)) return null;
        throw error;
      }
    }
    await this.#records.reclaimSentinelPrivateRecords(lockfile, this.#records.wallClockMs());
    try {
      await this.#records.publishRecord(lockfile, SENTINEL_RECORD);
    } catch (error) {
      if (error instanceof PrivateRecordReclaimedError) return null;
      throwIfHardLinksUnsupported(lockfile, error);
      if (!isFileExists(error)) throw error;
    }
    try {
      return await this.#openSentinel(lockfile);
    } catch (error) {
      if (isOSError(error)) return null;
      throw error;
    }
  }

  /** `_open_sentinel`: the identity when the file holds exactly the sentinel record, else null. */
  async #openSentinel(path: string): Promise<FileIdentity | null> {
    const { record, identity } = await this.#records.openRecord(path, SENTINEL_BYTES);
    return record === SENTINEL_RECORD ? identity : null;
  }

  /** `_claim_record`: magic, token, pid, host name in hex, process start token (none here). */
}

/** `_raise_if_hard_links_unsupported`: ENOSYS, EXDEV, ENOTSUP from a link mean no hard links here. */
function throwIfHardLinksUnsupported(lockFile: string, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSYS' || code === 'EXDEV' || code === 'ENOTSUP') {
    throw new SoftFileLockProtocolError(
      lockFile,
      null,
      'filesystem does not support atomic no-replace hard-link publication',
    );
  }
}

/** `_raise_recorded_errors`. */
function throwRecorded(message: string, errors: unknown[]): never {
  if (errors.length > 1) throw new CleanupErrorGroup(message, errors);
  throw errors[0];
}

export const pyFilelockStrict: LockAlgorithm = {
  name: 'py-filelock-strict',
  description:
    "py-filelock 4's StrictSoftFileLock: a sentinel lock file, intent/held claims published by link in <lock>.filelock/claims, the lowest token wins after a scan; never broken by age",
  directories: (lockfile) => {
    const { coordination, claims } = strictPaths(lockfile);
    return [coordination, claims];
  },
  create: (context) => new StrictSoftFileLock(context),
};
