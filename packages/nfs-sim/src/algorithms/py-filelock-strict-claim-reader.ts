import type { AlgorithmContext } from './algorithm.js';
import {
  isFileNotFound,
  isOSError,
  isPermissionError,
  monotonicMs,
  SoftFileLockProtocolError,
} from './py-filelock-os.js';
import {
  compareCodePoints,
  parseClaim,
  parseClaimName,
  type StrictSoftFileClaim,
} from './py-filelock-strict-claims.js';
import { privatePublicName, type StrictRecords } from './py-filelock-strict-records.js';

/** `_CLAIM_RECORD_LIMIT`: the most bytes a claim record is read to. */
const CLAIM_RECORD_LIMIT = 1024;
/** `_CLAIM_READ_GRACE` 0.5 s and `_CLAIM_READ_RETRY` 0.002 s. */
const CLAIM_READ_GRACE_MS = 500;
const CLAIM_READ_RETRY_MS = 2;

/**
 * How py-filelock 4's `StrictSoftFileLock` scans its claims directory (`filelock/_strict.py`):
 * list the public names (reclaiming dead private files on the way), refuse a name that is no
 * claim, read each record with a short grace for an open that is pending. Ported function by
 * function; each names its Python original.
 */
export class ClaimDirectoryReader {
  readonly #ctx: AlgorithmContext;
  readonly #records: StrictRecords;

  constructor(ctx: AlgorithmContext, records: StrictRecords) {
    this.#ctx = ctx;
    this.#records = records;
  }

  /** `_read_existing_claims`. */
  async readExisting(directory: string): Promise<StrictSoftFileClaim[]> {
    if (!(await this.#records.exists(directory))) return [];
    return this.#readClaims(directory);
  }

  /** `_read_claims`: every public name must be a claim; each readable one parsed. */
  async #readClaims(directory: string): Promise<StrictSoftFileClaim[]> {
    const { lockfile } = this.#ctx;
    const claims: StrictSoftFileClaim[] = [];
    for (const name of await this.#listClaimNames(directory)) {
      const parts = parseClaimName(name);
      if (parts === null) {
        throw new SoftFileLockProtocolError(
          lockfile,
          name,
          'unknown claim name or protocol version',
        );
      }
      const record = await this.#readClaimRecord(directory, name);
      if (record !== null) claims.push(parseClaim(lockfile, name, parts, record));
    }
    return claims;
  }

  /** `_list_claim_names` and `_public_claim_names`: public names sorted; dead private claim files reclaimed. */
  async #listClaimNames(directory: string): Promise<string[]> {
    let entries: string[];
    try {
      entries = await this.#ctx.fs.readdir(directory); // os.scandir
    } catch (error) {
      if (!isOSError(error)) throw error;
      throw new SoftFileLockProtocolError(
        this.#ctx.lockfile,
        null,
        `cannot list claim directory: ${(error as Error).message}`,
      );
    }
    const names: string[] = [];
    const nowMs = this.#records.wallClockMs();
    for (const entry of entries) {
      if (!entry.startsWith('.')) {
        names.push(entry);
        continue;
      }
      const publicName = privatePublicName(entry);
      if (publicName !== null && parseClaimName(publicName) !== null) {
        await this.#records.reclaimPrivateRecord(directory, entry, nowMs);
      }
    }
    return names.sort(compareCodePoints);
  }

  /** `_read_claim_record`: retries a pending open (EACCES, ESTALE) for a 0.5 s grace, 2 ms apart. */
  async #readClaimRecord(directory: string, name: string): Promise<string | null> {
    const { clock, lockfile } = this.#ctx;
    let deadlineMs: number | null = null;
    for (;;) {
      const { record, pending } = await this.#attemptClaimRead(directory, name);
      if (pending === null) return record;
      if (deadlineMs === null) {
        deadlineMs = monotonicMs(clock) + CLAIM_READ_GRACE_MS;
      } else if (monotonicMs(clock) >= deadlineMs) {
        if ((pending as { code?: unknown }).code === 'ESTALE') return null;
        if (!(await this.#listClaimNames(directory)).includes(name)) return null;
        throw new SoftFileLockProtocolError(
          lockfile,
          name,
          `cannot read claim: ${(pending as Error).message}`,
        );
      }
      await clock.sleep(CLAIM_READ_RETRY_MS);
    }
  }

  /** `_attempt_claim_read`: the record; or gone (null, null); or a retryable error. */
  async #attemptClaimRead(
    directory: string,
    name: string,
  ): Promise<{ record: string | null; pending: unknown }> {
    try {
      const { record } = await this.#records.openRecord(`${directory}/${name}`, CLAIM_RECORD_LIMIT);
      return { record, pending: null };
    } catch (error) {
      if (isFileNotFound(error)) return { record: null, pending: null };
      if (isPermissionError(error)) return { record: null, pending: error };
      if (!isOSError(error)) throw error;
      if ((error as { code?: unknown }).code === 'ESTALE') return { record: null, pending: error };
      throw new SoftFileLockProtocolError(
        this.#ctx.lockfile,
        name,
        `cannot read claim: ${(error as Error).message}`,
      );
    }
  }
}
