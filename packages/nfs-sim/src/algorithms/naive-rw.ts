/**
 * A reader-directory shared lock, the design a listing invites, as a reference for the
 * simulator: correct everywhere except where directory listings are cached (H19).
 *
 * Rules:
 * - a gate: linklock's own exclusive `Lock` on the lock file (so the gate itself is sound);
 * - a reader takes the gate, creates `<lock>.readers/<host>.<pid>` exclusively, lets the gate
 *   go, and is in; its release removes that file;
 * - a writer takes the gate and keeps it (new readers wait behind it), then lists
 *   `<lock>.readers/` until the listing is empty, sleeping 10–100 ms between listings; an empty
 *   listing ⇒ in. Past its timeout it lets the gate go and gives up. Its release lets the gate
 *   go.
 *
 * Known bug kept: the writer trusts the listing. An NFS client serves a directory's listing from
 * its cache while the directory's cached attributes (acdirmin..acdirmax, 30–60 s by default)
 * show no change, so a reader that registered from another client a moment ago may be missing:
 * the writer enters with that reader inside (H19). No lease on a reader's file either: a reader
 * that dies inside keeps writers out forever.
 */
import { Lock } from '@linklock/core';
import type { AlgorithmContext, LockAlgorithm, LockInstance, LockMode } from './algorithm.js';
import { AcquireDeadline } from './deadline.js';
import { lockOptionsFrom } from './lock-options.js';

const SLEEP_MIN_MS = 10;
const SLEEP_SPREAD_MS = 90;

export const naiveRw: LockAlgorithm = {
  name: 'naive-rw',
  shared: true,
  description:
    'a reader directory behind a linklock gate: the writer waits for an empty listing (caught by H19, cached listings)',
  directories: (lockfile) => [readersDirectory(lockfile)],
  create: (context) => new NaiveRwLock(context),
};

function readersDirectory(lockfile: string): string {
  return `${lockfile}.readers`;
}

class NaiveRwLock implements LockInstance {
  readonly token = undefined;
  readonly #ctx: AlgorithmContext;
  readonly #gate: Lock;
  readonly #readerFile: string;
  #holding: LockMode | undefined;

  constructor(ctx: AlgorithmContext) {
    this.#ctx = ctx;
    // The gate is a sound exclusive lock, without fencing: the flaw under test is the listing.
    this.#gate = new Lock(ctx.lockfile, { ...lockOptionsFrom(ctx), fencing: false });
    const { hostname, pid } = ctx.identity;
    this.#readerFile = `${readersDirectory(ctx.lockfile)}/${hostname}.${pid}`;
  }

  async acquire(timeoutMs: number | null, mode: LockMode = 'write'): Promise<boolean> {
    const deadline = new AcquireDeadline(this.#ctx.clock, timeoutMs);
    if (!(await this.#takeGate(timeoutMs))) return false;
    if (mode === 'read') {
      try {
        await this.#ctx.fs.writeFile(this.#readerFile, 'reader', { exclusive: true });
      } finally {
        await this.#gate.unlock();
      }
    } else if (!(await this.#untilNoReaderListed(deadline))) {
      await this.#gate.unlock();
      return false;
    }
    this.#holding = mode;
    return true;
  }

  async release(): Promise<void> {
    const mode = this.#holding;
    this.#holding = undefined;
    if (mode === 'read') await this.#ctx.fs.unlink(this.#readerFile);
    else await this.#gate.unlock();
  }

  async #takeGate(timeoutMs: number | null): Promise<boolean> {
    if (timeoutMs === 0) return this.#gate.tryLock();
    try {
      await this.#gate.lock(timeoutMs === null ? {} : { timeout: timeoutMs });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'ELOCKTIMEOUT') return false;
      throw error;
    }
  }

  /** Lists the readers directory until it is empty (true) or the deadline passed (false). */
  async #untilNoReaderListed(deadline: AcquireDeadline): Promise<boolean> {
    const { fs, clock, random, lockfile } = this.#ctx;
    for (;;) {
      if ((await fs.readdir(readersDirectory(lockfile))).length === 0) return true;
      if (deadline.passed()) return false;
      await clock.sleep(SLEEP_MIN_MS + random.next() * SLEEP_SPREAD_MS);
    }
  }
}
