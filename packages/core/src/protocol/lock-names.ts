/**
 * The names of the files a lock uses, all in the lock file's own directory (so `link` and
 * `rename` stay within one filesystem):
 *
 *   jobs.lock                              the lock file (a second name of the holder's claim)
 *   jobs.lock.claim.<host>.<pid>.<nonce>   a claim file: one per `lock()` call
 *   jobs.lock.tomb.<host>.<pid>.<nonce>    a tombstone: a broken lock, renamed aside to verify it
 *   jobs.lock.break                        the break guard: serialises breakers (H2)
 *   jobs.lock.fence / .fence.<n>           the fencing counter and its witnesses (`fencing: true`)
 *
 * Host, pid and nonce contain no dots, so a name parses unambiguously from its end even when
 * another lock's name starts with this one's.
 */
export class LockNames {
  readonly lockfile: string;
  readonly directory: string;
  readonly basename: string;

  constructor(lockfile: string) {
    this.lockfile = lockfile;
    const slash = lockfile.lastIndexOf('/');
    this.directory = slash < 0 ? '.' : slash === 0 ? '/' : lockfile.slice(0, slash);
    this.basename = slash < 0 ? lockfile : lockfile.slice(slash + 1);
  }

  claim(hostname: string, pid: number, nonce: string): string {
    return this.inDirectory(this.claimBasename(hostname, pid, nonce));
  }

  claimBasename(hostname: string, pid: number, nonce: string): string {
    return `${this.basename}.claim.${shortHost(hostname)}.${pid}.${nonce}`;
  }

  tombstone(hostname: string, pid: number, nonce: string): string {
    return this.inDirectory(`${this.basename}.tomb.${shortHost(hostname)}.${pid}.${nonce}`);
  }

  get guard(): string {
    return `${this.lockfile}.break`;
  }

  get fenceCounter(): string {
    return `${this.lockfile}.fence`;
  }

  fenceWitness(token: number): string {
    return `${this.lockfile}.fence.${token}`;
  }

  fenceScratch(nonce: string): string {
    return `${this.lockfile}.fence.tmp.${nonce}`;
  }

  inDirectory(basename: string): string {
    return this.directory === '/' ? `/${basename}` : `${this.directory}/${basename}`;
  }

  /** Whether a directory entry is a claim file or tombstone of this lock (for the sweep, H11). */
  isLeftover(entry: string): boolean {
    const parts = entry.split('.');
    if (parts.length < 5) return false;
    const kind = parts[parts.length - 4];
    const prefix = parts.slice(0, -4).join('.');
    return prefix === this.basename && (kind === 'claim' || kind === 'tomb');
  }
}

/** The host part of a claim name: the first label, filename-safe, at most 32 characters. */
function shortHost(hostname: string): string {
  const label = hostname.split('.')[0] ?? '';
  return label.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32) || 'host';
}
