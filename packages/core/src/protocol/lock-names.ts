import { fitsInRecord, NAME_MAX_BYTES, nameStem, utf8Length } from './name-stem.js';
import { NONCE_MAX_LENGTH } from './nonce.js';

/** The longest host part of a name ({@link shortHost}). */
const HOST_MAX_LENGTH = 32;
/** The longest number in a name: a safe integer in decimal, its sign included (17 characters). */
const NUMBER_MAX_LENGTH = String(Number.MIN_SAFE_INTEGER).length;
/**
 * The longest suffix any name of a lock gets: a tombstone's,
 * `.tomb.<host>.<pid>.<nonce>-<count>` (a reader claim's `.reader.` is 2 bytes longer than
 * `.tomb.`, but has no count). Every other suffix (`.fence.tmp.<nonce>`, `.fence.<n>`,
 * `.slot.<i>`, `.break`, ...) is shorter.
 */
export const LONGEST_SUFFIX_BYTES =
  '.tomb.'.length +
  HOST_MAX_LENGTH +
  1 +
  NUMBER_MAX_LENGTH +
  1 +
  NONCE_MAX_LENGTH +
  1 +
  NUMBER_MAX_LENGTH;

/** The kinds of name that carry a host, pid and nonce. */
type FamilyKind = 'claim' | 'tomb' | 'reader';

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
 *
 * Long lock names: a name `<basename><suffix>` longer than NAME_MAX (255 UTF-8 bytes) is
 * `<stem><suffix>` instead, where the stem is the basename's first bytes (cut between
 * characters), `~` and a hash of the whole basename, short enough for the longest suffix
 * ({@link LONGEST_SUFFIX_BYTES}). Every name that fits is exactly what it always was, so
 * processes of an earlier version still meet this one at the same break guard, reader slots and
 * fencing witnesses; a name that does not fit only ever failed before (ENAMETOOLONG). A lock
 * name with a line break derives every name from its stem (whose prefix has none): a claim's
 * name is written into its owner record, one field a line. The lock file itself is the user's
 * name and never changes.
 */
export class LockNames {
  readonly lockfile: string;
  readonly directory: string;
  readonly basename: string;
  /** The lock whose claims, tombstones and break guard these names share (itself, or a shared lock's). */
  readonly #family: LockNames;
  /** The lock file's path up to its basename: `''` or a directory ending in `/`. */
  readonly #directoryPrefix: string;
  /** What starts the family's names too long to start with its basename (see above). */
  readonly #stem: string;
  /**
   * The UTF-8 bytes a name `<basename><suffix>` spends on the basename, or Infinity when no
   * such name can be (a line break): measured once, not at every name.
   */
  readonly #basenameBytes: number;

  constructor(lockfile: string, family?: LockNames) {
    this.lockfile = lockfile;
    const slash = lockfile.lastIndexOf('/');
    this.directory = slash < 0 ? '.' : slash === 0 ? '/' : lockfile.slice(0, slash);
    this.basename = slash < 0 ? lockfile : lockfile.slice(slash + 1);
    this.#directoryPrefix = lockfile.slice(0, slash + 1);
    this.#family = family ?? this;
    this.#stem =
      family === undefined ? nameStem(this.basename, LONGEST_SUFFIX_BYTES) : family.#stem;
    this.#basenameBytes = fitsInRecord(this.basename)
      ? utf8Length(this.basename)
      : Number.POSITIVE_INFINITY;
  }

  /**
   * What starts this lock's names that would be too long to start with its basename: the
   * basename's first bytes, `~` and 16 hex digits of its FNV-1a hash (docs/protocol.md, "Files").
   * The basename itself when every name fits.
   */
  get stem(): string {
    return this.#stem;
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

  /** The tombstone of a claim's `count`th removal (a break, a release): unique per claim. */
  tombstone(hostname: string, pid: number, nonce: string, count: number): string {
    return this.inDirectory(this.#familyName('tomb', hostname, pid, `${nonce}-${count}`));
  }

  /** A shared lock's reader slot `index`: a lock file of its own; claims and guard shared. */
  slot(index: number): LockNames {
    return new LockNames(this.#family.#sibling(`.slot.${index}`), this.#family);
  }

  /** Whether a directory entry is one of this (shared) lock's reader slots, `<lock>.slot.<i>`. */
  isSlot(entry: string): boolean {
    const family = this.#family;
    return [family.basename, family.#stem].some(
      (stem) => entry.startsWith(`${stem}.slot.`) && /^\d+$/.test(entry.slice(stem.length + 6)),
    );
  }

  /** A shared lock's slot count: how many reader slots have ever been used (it only grows). */
  get slotCount(): string {
    return this.#family.#sibling('.slots');
  }

  get guard(): string {
    return this.#family.#sibling('.break');
  }

  get fenceCounter(): string {
    return this.#family.#sibling('.fence');
  }

  fenceWitness(token: number): string {
    return this.#family.#sibling(`.fence.${token}`);
  }

  fenceScratch(nonce: string): string {
    return this.#family.#sibling(`.fence.tmp.${nonce}`);
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

  /** The nonce of a claim file of this lock, from its directory entry; undefined for any other. */
  claimNonce(entry: string): string | undefined {
    // Most entries of a busy directory are no claim: tell those at once (the fair queue lists
    // the directory at every look).
    if (!entry.includes('.claim.')) return undefined;
    return this.#kindOf(entry) === 'claim' ? entry.slice(entry.lastIndexOf('.') + 1) : undefined;
  }

  /** `claim`, `tomb` or `reader` for `<lock or stem>.<kind>.<host>.<pid>.<nonce>` of this lock. */
  #kindOf(entry: string): string | undefined {
    const parts = entry.split('.');
    if (parts.length < 5) return undefined;
    const prefix = parts.slice(0, -4).join('.');
    const family = this.#family;
    return prefix === family.basename || prefix === family.#stem
      ? parts[parts.length - 4]
      : undefined;
  }

  #familyName(kind: FamilyKind, hostname: string, pid: number, nonce: string): string {
    return this.#family.#siblingBasename(`.${kind}.${shortHost(hostname)}.${pid}.${nonce}`);
  }

  /** The path of this lock's name ending in `suffix`. */
  #sibling(suffix: string): string {
    return `${this.#directoryPrefix}${this.#siblingBasename(suffix)}`;
  }

  /** `<basename><suffix>` when it fits in NAME_MAX (and a record), else `<stem><suffix>`. */
  #siblingBasename(suffix: string): string {
    // A suffix starts with '.', so the bytes of the name are the basename's plus its own; it
    // has at most 3 bytes per UTF-16 unit, so a short one needs no counting.
    const room = NAME_MAX_BYTES - this.#basenameBytes;
    const fits = suffix.length * 3 <= room || utf8Length(suffix) <= room;
    return fits ? `${this.basename}${suffix}` : `${this.stem}${suffix}`;
  }
}

/** The hostname {@link shortHost} was last asked about, and its answer: it rarely changes. */
let lastHost = { hostname: '', short: 'host' };

/** The host part of a claim name: the first label, filename-safe, at most 32 characters. */
function shortHost(hostname: string): string {
  if (hostname === lastHost.hostname) return lastHost.short;
  const label = hostname.split('.')[0] ?? '';
  const short = label.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, HOST_MAX_LENGTH) || 'host';
  lastHost = { hostname, short };
  return short;
}
