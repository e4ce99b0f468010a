/**
 * py-filelock 4's `SoftReadWriteLock` (pip package `filelock` 4.0.8, `filelock/_soft_rw/`),
 * ported so that what the simulator finds is about py-filelock, not about the port. Shared:
 * `acquire(timeout, 'read')` is `acquire_read`, `acquire(timeout, 'write')` `acquire_write`.
 * Not to be improved.
 *
 * The protocol (`_protocol.py`) lives in `py-filelock-rw-records.ts` (snapshots `<lock>.rw/gen/<N>`,
 * holder records `<lock>.rw/holders/<token>`), `py-filelock-rw-generation-log.ts`,
 * `py-filelock-rw-ledger.ts` and `py-filelock-rw-participant.ts`, its filesystem in `py-filelock-rw-files.ts` (`_storage.py`'s `OsFiles`). This
 * file is the lock (`_sync.py`, `SoftReadWriteLock`):
 * - acquire (`_acquire`, `_do_acquire_inner`): a new `Participant` publishes its holder record,
 *   then `advance()` is polled (`_wait_for`) every `poll_interval` (0.25 s) until granted or the
 *   deadline (`now >= deadline`, on `time.perf_counter`); timeout 0 is `blocking=False`, one
 *   `advance()`. A contender that gives up leaves (`participant.leave()`, OSErrors suppressed);
 * - holding: a heartbeat thread (`_HeartbeatThread`, an async loop on the process's clock here)
 *   waits `heartbeat_interval`, then `_refresh`: `participant.heartbeat()`; `ok` ⇒ `last_refresh`;
 *   `lost` ⇒ compromise `evicted` (`onCompromised`) and the loop ends; `transient` ⇒ compromise
 *   `refresh-failed` once refreshes have failed for `stale_threshold - heartbeat_interval`;
 *   an exception other than an OSError ends the thread (Python prints it; logged at warn here);
 * - release (`release`): stop the heartbeat, join it (at most `heartbeat_interval + 1` s), then
 *   `participant.leave()`: commit this participant out, unlink its holder record. Release never
 *   reports a loss: the holder hears of it only from the heartbeat's `on_compromise`.
 * The lock's `generation` (the generation that granted the hold) is its fencing token.
 *
 * Times, scaled to the simulation's lifetime: py-filelock's defaults are `heartbeat_interval`
 * 30 s and `stale_threshold` 3 × that (90 s); here the stale threshold is the simulation's
 * `lifetimeMs` (the time after which a silent holder may be evicted, the role a lifetime plays)
 * and the heartbeat a third of it, keeping py-filelock's ratio. `poll_interval` stays 0.25 s.
 * py-filelock has no clock slop: a member is evicted after the threshold, measured by the
 * evictor's own monotonic clock from its first reading of the unchanged record.
 *
 * Mapped: `time.monotonic`, `time.perf_counter` → `clock.monotonic()`; `time.sleep`,
 * `Event.wait(timeout)` → `clock.sleep` (with an abort signal for the stop event);
 * `secrets.token_hex` → `random`; `os.getpid()`, `host_name()` → the process's identity;
 * `mkdir` of the protocol directories → `LockAlgorithm.directories` (the simulated server has no
 * mkdir). Not ported: the singleton registry, reentrancy across threads, fork handling and
 * `close()` (one process, one thread per instance in the simulation).
 */
import type { AlgorithmContext, LockAlgorithm, LockInstance, LockMode } from './algorithm.js';
import { isOSError, monotonicMs } from './py-filelock-os.js';
import { RwFiles } from './py-filelock-rw-files.js';
import { GenerationLog } from './py-filelock-rw-generation-log.js';
import { Ledger } from './py-filelock-rw-ledger.js';
import { Participant } from './py-filelock-rw-participant.js';
import { GENERATIONS_DIRECTORY, HOLDERS_DIRECTORY } from './py-filelock-rw-records.js';

/** `poll_interval` default: 0.25 s. */
const POLL_INTERVAL_MS = 250;

export function rwRoot(lockfile: string): string {
  return `${lockfile}.rw`;
}

/** `_Hold`: what exists only while the lock is held. */
interface Hold {
  level: number;
  mode: LockMode;
  participant: Participant;
  stop: AbortController;
  heartbeat: Promise<void>;
  lastRefresh: number;
}

class SoftReadWriteLock implements LockInstance {
  readonly #ctx: AlgorithmContext;
  readonly #files: RwFiles;
  readonly #ledger: Ledger;
  readonly #log: GenerationLog;
  readonly #root: string;
  readonly #heartbeatIntervalMs: number;
  readonly #staleThresholdMs: number;
  #hold: Hold | undefined;

  constructor(ctx: AlgorithmContext) {
    this.#ctx = ctx;
    this.#root = rwRoot(ctx.lockfile);
    this.#files = new RwFiles(ctx.fs, ctx.lockfile);
    this.#ledger = new Ledger(() => monotonicMs(ctx.clock));
    this.#log = new GenerationLog(this.#files, ctx.lockfile, this.#root, ctx.random);
    this.#staleThresholdMs = ctx.lifetimeMs;
    this.#heartbeatIntervalMs = ctx.lifetimeMs / 3;
  }

  /** `generation`, when the simulation asks for fencing tokens. */
  get token(): number | undefined {
    if (this.#ctx.fencing !== true) return undefined;
    return this.#hold?.participant.generation ?? undefined;
  }

  /** `_acquire` and `_do_acquire_inner`: true when held, false on `Timeout`. */
  async acquire(timeoutMs: number | null, mode: LockMode = 'write'): Promise<boolean> {
    const { clock, identity, random } = this.#ctx;
    if (this.#hold !== undefined) return this.#validateReentrant(mode);
    const blocking = timeoutMs !== 0;
    const start = monotonicMs(clock);
    const deadline = timeoutMs === null ? null : start + timeoutMs;
    const participant = new Participant({
      files: this.#files,
      root: this.#root,
      mode,
      staleThresholdMs: this.#staleThresholdMs,
      clock: () => monotonicMs(clock),
      ledger: this.#ledger,
      log: this.#log,
      random,
      pid: identity.pid,
      host: identity.hostname,
    });
    await participant.publish();
    let granted: boolean;
    try {
      granted = await this.#waitFor(() => participant.advance(), deadline, blocking);
    } catch (error) {
      await this.#leaveQuietly(participant);
      throw error;
    }
    if (!granted) {
      // Timeout: a contender that gives up must not stay named in the snapshot.
      await this.#leaveQuietly(participant);
      return false;
    }
    const stop = new AbortController();
    const hold: Hold = {
      level: 1,
      mode,
      participant,
      stop,
      heartbeat: Promise.resolve(),
      lastRefresh: monotonicMs(clock),
    };
    this.#hold = hold;
    hold.heartbeat = this.#heartbeatThread(hold);
    return true;
  }

  /** `with suppress(OSError): participant.leave()`. */
  async #leaveQuietly(participant: Participant): Promise<void> {
    try {
      await participant.leave();
    } catch (error) {
      if (!isOSError(error)) throw error;
    }
  }

  /** `_validate_reentrant`: same mode nests; upgrade and downgrade are refused (RuntimeError). */
  #validateReentrant(mode: LockMode): boolean {
    const hold = this.#hold!;
    if (hold.mode !== mode) {
      throw new Error(`Cannot acquire ${mode} lock: already holding a ${hold.mode} lock`);
    }
    hold.level += 1;
    return true;
  }

  /** `_wait_for`: true once the predicate holds, false on `Timeout`. */
  async #waitFor(
    predicate: () => Promise<boolean>,
    deadline: number | null,
    blocking: boolean,
  ): Promise<boolean> {
    const { clock } = this.#ctx;
    while (!(await predicate())) {
      const now = monotonicMs(clock);
      if (!blocking) return false;
      if (deadline !== null && now >= deadline) return false;
      let sleepFor = POLL_INTERVAL_MS;
      if (deadline !== null) sleepFor = Math.min(sleepFor, Math.max(deadline - now, 0));
      await clock.sleep(sleepFor);
    }
    return true;
  }

  /** `_HeartbeatThread.run`: `while not stop.wait(interval): if not refresh(): stop`. */
  async #heartbeatThread(hold: Hold): Promise<void> {
    try {
      while (!(await this.#stopWait(hold.stop.signal, this.#heartbeatIntervalMs))) {
        if (!(await this.#refresh(hold))) {
          hold.stop.abort();
          return;
        }
      }
    } catch (error) {
      // An exception other than an OSError ends the thread; Python prints it.
      this.#ctx.logger.warn(`Exception in thread filelock-heartbeat: ${String(error)}`);
    }
  }

  /** `Event.wait(timeout)`: true when the event was set. */
  async #stopWait(signal: AbortSignal, ms: number): Promise<boolean> {
    if (signal.aborted) return true;
    try {
      await this.#ctx.clock.sleep(ms, signal);
    } catch (error) {
      if (signal.aborted) return true;
      throw error;
    }
    return signal.aborted;
  }

  /** `_refresh`. */
  async #refresh(hold: Hold): Promise<boolean> {
    const { clock } = this.#ctx;
    const { outcome, error } = await hold.participant.heartbeat();
    if (outcome === 'ok') {
      hold.lastRefresh = monotonicMs(clock);
      return true;
    }
    if (outcome === 'lost') {
      this.#reportCompromise(hold, 'evicted', undefined);
      return false;
    }
    if (
      monotonicMs(clock) - hold.lastRefresh >=
      this.#staleThresholdMs - this.#heartbeatIntervalMs
    ) {
      this.#reportCompromise(hold, 'refresh-failed', error);
      return false;
    }
    return true;
  }

  /** `_report_compromise`: only for the hold still current. */
  #reportCompromise(hold: Hold, reason: string, error: unknown): void {
    if (this.#hold !== hold) return;
    const cause = error === undefined ? '' : `: ${String(error)}`;
    this.#ctx.onCompromised(`${reason} (token ${hold.participant.token})${cause}`);
  }

  /** `release`: the heartbeat stopped and joined, then `participant.leave()`. */
  async release(): Promise<void> {
    const hold = this.#hold;
    if (hold === undefined) {
      throw new Error(`Cannot release a lock on ${this.#ctx.lockfile} that is not held`); // RuntimeError
    }
    hold.level -= 1;
    if (hold.level > 0) return;
    this.#hold = undefined;
    hold.stop.abort();
    await this.#join(hold.heartbeat, this.#heartbeatIntervalMs + 1_000);
    await hold.participant.leave();
  }

  /** `Thread.join(timeout)`: waits for the thread, at most `ms`. */
  async #join(thread: Promise<void>, ms: number): Promise<void> {
    const timer = new AbortController();
    const timeout = this.#ctx.clock.sleep(ms, timer.signal).catch(() => undefined);
    await Promise.race([thread, timeout]);
    timer.abort();
  }
}

export const pyFilelockRw: LockAlgorithm = {
  name: 'py-filelock-rw',
  description:
    "py-filelock 4's SoftReadWriteLock: a generation log gen/<N> of snapshots linked into place, holders' nonces judged on the observer's monotonic clock, the generation as fencing token",
  shared: true,
  fencingTokens: true,
  directories: (lockfile) => {
    const root = rwRoot(lockfile);
    return [root, `${root}/${GENERATIONS_DIRECTORY}`, `${root}/${HOLDERS_DIRECTORY}`];
  },
  create: (context) => new SoftReadWriteLock(context),
};
