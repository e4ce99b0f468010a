import { inLockTerms } from '../errors/acquire-failure.js';
import { AlreadyLockedError, NotLockedError } from '../errors/lock-errors.js';
import type { WaitOptions } from '../lock-types.js';
import {
  checkLockfile,
  checkSignal,
  checkTimeout,
  type LockOptions,
  resolveOptions,
} from '../options.js';
import type { AcquireRequest } from '../protocol/acquirer.js';
import { createLockContext, type LockContext } from '../protocol/context.js';
import type { Holding } from '../protocol/holding.js';
import { LeaseKeeper } from '../protocol/lease-keeper.js';
import { acquireRead } from './read-acquisition.js';
import { readWriteState } from './rw-state.js';
import type { ReadWriteHandle, ReadWriteState } from './rw-types.js';
import { acquireWrite } from './write-acquisition.js';
import type { WriteHolding } from './write-holding.js';

const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose');

type Mode = ReadWriteHandle['mode'];

/**
 * A shared lock: many readers at once, or one writer (docs/protocol.md, "Shared locks"). Built
 * from the lock's own parts: the lock file is a gate that a writer holds throughout (so a
 * waiting writer keeps new readers out) and a reader only while it takes a reader slot, a lock
 * file of its own. Same options, errors, auto-refresh, `onCompromised`, fencing and time
 * source as `Lock`. One `ReadWriteLock` holds at most one handle at a time, and a read handle
 * is never turned into a write handle or back: release it and acquire again.
 */
export class ReadWriteLock {
  readonly lockfile: string;
  readonly #context: LockContext;
  readonly #keeper: LeaseKeeper<Holding | WriteHolding>;
  #handle: ReadWriteHandle | undefined;
  #acquiring: Mode | undefined;

  constructor(lockfile: string, options: LockOptions) {
    this.lockfile = checkLockfile(lockfile);
    const resolved = resolveOptions(options);
    if (resolved.fair) {
      throw new TypeError(
        'The `fair` option is for Lock only: ReadWriteLock does not queue its waiters (docs/api.md)',
      );
    }
    this.#context = createLockContext(lockfile, resolved);
    this.#keeper = new LeaseKeeper(this.#context, 'this ReadWriteLock');
  }

  /** Waits until no writer holds or waits for the lock, then holds it with other readers. */
  async acquireRead(options: WaitOptions = {}): Promise<ReadWriteHandle> {
    return this.#acquireWaiting('read', options);
  }

  /** Waits until no other writer holds the lock and every reader has left, then holds it alone. */
  async acquireWrite(options: WaitOptions = {}): Promise<ReadWriteHandle> {
    return this.#acquireWaiting('write', options);
  }

  /** One attempt at reading; `undefined` when a writer holds or waits for the lock. Never waits for one. */
  async tryAcquireRead(): Promise<ReadWriteHandle | undefined> {
    return this.#acquire('read', { timeoutMs: 0, signal: undefined, once: true });
  }

  /** One attempt at writing; `undefined` when a writer or a live reader holds the lock. Never waits. */
  async tryAcquireWrite(): Promise<ReadWriteHandle | undefined> {
    return this.#acquire('write', { timeoutMs: 0, signal: undefined, once: true });
  }

  /** Who holds the lock now, from its files. */
  async state(): Promise<ReadWriteState> {
    return readWriteState(this.#context);
  }

  async #acquireWaiting(mode: Mode, options: WaitOptions): Promise<ReadWriteHandle> {
    const timeoutMs = checkTimeout(options.timeout);
    const signal = checkSignal(options.signal);
    const handle = await this.#acquire(mode, { timeoutMs, signal, once: false });
    // A waiting acquisition resolves with a handle or throws.
    return handle as ReadWriteHandle;
  }

  async #acquire(mode: Mode, request: AcquireRequest): Promise<ReadWriteHandle | undefined> {
    this.#refuseSecondHandle(mode);
    this.#acquiring = mode;
    try {
      const held =
        mode === 'read'
          ? await acquireRead(this.#context, request)
          : await acquireWrite(this.#context, request);
      if (held === undefined) return undefined;
      this.#keeper.keep(held);
      return this.#newHandle(mode, held.token);
    } catch (error) {
      throw inLockTerms(this.lockfile, this.#context.names.directory, error);
    } finally {
      this.#acquiring = undefined;
    }
  }

  #newHandle(mode: Mode, fencingToken: number | undefined): ReadWriteHandle {
    const release = () => this.#release(handle);
    const handle: ReadWriteHandle = { mode, fencingToken, release, [asyncDispose]: release };
    this.#handle = handle;
    return handle;
  }

  async #release(handle: ReadWriteHandle): Promise<void> {
    if (this.#handle !== handle) {
      throw new NotLockedError(
        this.lockfile,
        `This ${handle.mode} handle of ${this.lockfile} was already released`,
      );
    }
    this.#handle = undefined;
    await this.#keeper.release();
  }

  #refuseSecondHandle(mode: Mode): void {
    const current = this.#acquiring ?? this.#heldMode();
    if (current === undefined) return;
    const what = this.#acquiring === undefined ? 'holds' : 'is acquiring';
    const advice =
      current === mode
        ? 'one ReadWriteLock holds one handle at a time: create another for another holder'
        : `there is no ${current === 'read' ? 'upgrade' : 'downgrade'}: release it, then acquire ${mode === 'read' ? 'a read' : 'the write'} lock`;
    throw new AlreadyLockedError(
      this.lockfile,
      `This ReadWriteLock ${what} a ${current} lock on ${this.lockfile}: ${advice}`,
    );
  }

  /** The current handle's mode, unless its lock was found lost (a new one may then be acquired). */
  #heldMode(): Mode | undefined {
    return this.#keeper.held === undefined ? undefined : this.#handle?.mode;
  }
}
