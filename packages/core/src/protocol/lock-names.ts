/**
 * The names of the files a lock uses, all in the lock file's own directory (so `link` and
 * `rename` stay within one filesystem):
 *
 *   jobs.lock                              the lock file (a second name of the holder's claim)
 *   jobs.lock.claim.<host>.<pid>.<nonce>   a claim file: one per `lock()` call
 *   jobs.lock.tomb.<host>.<pid>.<nonce>    a tombstone: a broken lock, renamed aside to verify it
 *   jobs.lock.break                        the break guard: serialises breakers (H2)
 *   jobs.lock.fence / .fence.<n>           the fencing counter and its witnesses (`fencing: true`)
 *   jobs.lock.reader.<host>.<pid>.<nonce>  a shared lock's reader claim (ReadWriteLock)
 *   jobs.lock.slot.<i>                     a shared lock's reader slot: a reader claim's second name
 *   jobs.lock.slots                        a shared lock's slot count (only ever grows)
 *
 * Host, pid and nonce contain no dots, so a name parses unambiguously from its end even when
 * another lock's name starts with this one's.
 */
export class LockNames {
  readonly lockfile: string;
  readonly directory: string;
  readonly basename: string;
  /** The lock whose claims, tombstones and break guard these names share (itself, or a shared lock's). */
  readonly #family: LockNames;

  constructor(lockfile: string, family?: LockNames) {
    this.lockfile = lockfile;
    const slash = lockfile.lastIndexOf('/');
    this.directory = slash < 0 ? '.' : slash === 0 ? '/' : lockfile.slice(0, slash);
    this.basename = slash < 0 ? lockfile : lockfile.slice(slash + 1);
    this.#family = family ?? this;
  }

  claim(hostname: string, pid: number, nonce: string): string {
    return this.inDirectory(this.claimBasename(hostname, pid, nonce));
  }

  claimBasename(hostname: string, pid: number, nonce: string): string {
    return this.#familyName('claim', hostname, pid, nonce);
  }

  /** A shared lock's reader claim: its link to a reader slot is the reader's lease. */
  readerClaimBasename(hostname: string, pid: number, nonce: string): string {
    return this.#familyName('reader', hostname, pid, nonce);
  }

  /** Whether a claim name (an owner record's `claim`) is a shared lock's reader claim. */
  isReaderClaim(claim: string): boolean {
    return this.#kindOf(claim) === 'reader';
  }

  tombstone(hostname: string, pid: number, nonce: string): string {
    return this.inDirectory(this.#familyName('tomb', hostname, pid, nonce));
  }

  /** A shared lock's reader slot `index`: a lock file of its own; claims and guard shared. */
  slot(index: number): LockNames {
    return new LockNames(`${this.#family.lockfile}.slot.${index}`, this.#family);
  }

  /** A shared lock's slot count: how many reader slots have ever been used (it only grows). */
  get slotCount(): string {
    return `${this.#family.lockfile}.slots`;
  }

  get guard(): string {
    return `${this.#family.lockfile}.break`;
  }

  get fenceCounter(): string {
    return `${this.#family.lockfile}.fence`;
  }

  fenceWitness(token: number): string {
    return `${this.#family.lockfile}.fence.${token}`;
  }

  fenceScratch(nonce: string): string {
    return `${this.#family.lockfile}.fence.tmp.${nonce}`;
  }

  inDirectory(basename: string): string {
    return this.directory === '/' ? `/${basename}` : `${this.directory}/${basename}`;
  }

  /**
   * Whether a directory entry is a claim file or tombstone of this lock, or a shared lock's
   * reader claim (for the sweep, H11: it removes those whose owner record expired or whose
   * owner died).
   */
  isLeftover(entry: string): boolean {
    const kind = this.#kindOf(entry);
    return kind === 'claim' || kind === 'tomb' || kind === 'reader';
  }

  /** `claim`, `tomb` or `reader` for `<lock>.<kind>.<host>.<pid>.<nonce>` of this lock. */
  #kindOf(entry: string): string | undefined {
    const parts = entry.split('.');
    if (parts.length < 5) return undefined;
    const prefix = parts.slice(0, -4).join('.');
    return prefix === this.#family.basename ? parts[parts.length - 4] : undefined;
  }

  #familyName(kind: string, hostname: string, pid: number, nonce: string): string {
    return `${this.#family.basename}.${kind}.${shortHost(hostname)}.${pid}.${nonce}`;
  }
}

/** The host part of a claim name: the first label, filename-safe, at most 32 characters. */
function shortHost(hostname: string): string {
  const label = hostname.split('.')[0] ?? '';
  return label.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32) || 'host';
}
