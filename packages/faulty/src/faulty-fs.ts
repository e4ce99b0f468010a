import type {
  Clock,
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import { errorCode } from '@linklock/core';
import { appliesTo, type DelayedUnlinkOptions, GhostNames } from './delayed-unlink.js';
import { formatHistory, type HistoryEntry } from './history.js';
import { LatencyModel, type LatencyOptions } from './latency.js';
import { nodeLikeError } from './node-like-error.js';
import { type CallContext, type Op, type Phase, SYSCALL, subjectPath } from './ops.js';
import { Gate, type PauseHandle, type PauseSpec } from './pause.js';
import { ArmedRule, type FaultRule } from './rules.js';
import { SeededRandom } from './seeded-random.js';

export interface FaultyFsOptions {
  /** Seeds every random choice (probabilities, latencies). Recorded and printed on failure. @default 1 */
  seed?: number | string;
  /** Faults, tried in order: the first rule that fires on a call decides it. */
  rules?: FaultRule[];
  /** Time spent per operation, drawn from the seed and slept on `clock`. */
  latency?: LatencyOptions;
  /** Unlink whose effect is seen late (needs `clock`). */
  delayUnlink?: DelayedUnlinkOptions;
  /** Where latency and delays are spent and history is timed: a virtual clock keeps tests instant. */
  clock?: Clock;
  /** Overrides of the inner adapter's capabilities (e.g. `{ reliableNlink: false }`). */
  capabilities?: Partial<FsCapabilities>;
}

/** How much of an unlinked file a ghost name keeps serving (the lock's records are tiny). */
const GHOST_CONTENT_BYTES = 64 * 1024;

/**
 * A decorator around any `FsAdapter` that injects faults deterministically from a seed: errno
 * rules before or after an operation takes effect (the lost reply), translated errnos,
 * latency, delayed unlink, and pause hooks for exact interleavings; `history()` records every
 * call. With no options it is transparent.
 *
 * Hand it to the code under test wherever that code takes an `FsAdapter`.
 */
export class FaultyFs implements FsAdapter {
  readonly capabilities: FsCapabilities;
  readonly seed: number;
  readonly random: SeededRandom;
  /** Present exactly when the inner adapter can watch. */
  declare readonly watch?: (
    directory: string,
    onChange: (filename: string | null) => void,
  ) => () => void;
  readonly #inner: FsAdapter;
  readonly #rules: ArmedRule[];
  readonly #latency: LatencyModel;
  readonly #delayUnlink: DelayedUnlinkOptions | undefined;
  readonly #ghosts: GhostNames | undefined;
  readonly #clock: Clock | undefined;
  readonly #gates: Gate[] = [];
  readonly #history: HistoryEntry[] = [];

  constructor(inner: FsAdapter, options: FaultyFsOptions = {}) {
    this.#inner = inner;
    this.random = new SeededRandom(options.seed ?? 1);
    this.seed = this.random.seed;
    this.#rules = (options.rules ?? []).map((rule, index) => new ArmedRule(rule, index));
    this.#latency = new LatencyModel(options.latency ?? {});
    this.#clock = options.clock;
    this.#delayUnlink = checkDelayUnlink(options.delayUnlink);
    if ((this.#latency.enabled || this.#delayUnlink !== undefined) && this.#clock === undefined) {
      throw new TypeError('FaultyFs: `latency` and `delayUnlink` need a `clock` to spend time on');
    }
    this.#ghosts = this.#delayUnlink && this.#clock ? new GhostNames(this.#clock) : undefined;
    this.capabilities = { ...inner.capabilities, ...options.capabilities };
    if (inner.watch !== undefined) {
      this.watch = (directory, onChange) => inner.watch!(directory, onChange);
    }
  }

  /** Adds a rule after construction (tried after the earlier ones). */
  addRule(rule: FaultRule): void {
    this.#rules.push(new ArmedRule(rule, this.#rules.length));
  }

  /** Pauses the matching call before (or after) it takes effect until the handle is released. */
  pause(spec: PauseSpec): PauseHandle {
    const gate = new Gate(spec);
    this.#gates.push(gate);
    return gate;
  }

  /** Every call so far, in order (a snapshot: later calls do not change it). */
  history(): HistoryEntry[] {
    return this.#history.map((entry) => ({ ...entry }));
  }

  /** The seed and the history as text, for a failing test's output. */
  describe(): string {
    return `FaultyFs seed ${this.seed} (replay with { seed: ${this.seed} }), ${this.#history.length} calls:\n${formatHistory(this.#history)}`;
  }

  /**
   * Prints {@link describe} when the current test fails. Pass your test framework's hook:
   * `fs.printOnFailure(onTestFailed)` (vitest) — this package imports no test framework.
   */
  printOnFailure(
    onTestFailed: (callback: () => void) => void,
    print: (text: string) => void = console.error,
  ): void {
    onTestFailed(() => print(this.describe()));
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#call('writeFile', [path], { bytes: data.length, ...options }, () => {
      if (options?.exclusive && this.#ghosts?.at(path)) throw this.#ghostExists('writeFile', path);
      return this.#inner.writeFile(path, data, options);
    });
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#call('read', [path], { maxBytes: options.maxBytes }, () =>
      this.#orGhost(
        path,
        () => this.#inner.read(path, options),
        (ghost) => {
          if (ghost.content !== undefined && ghost.content.stats.size > options.maxBytes) {
            throw nodeLikeError(
              'EFBIG',
              'read',
              path,
              `a delayed unlink keeps the name visible; FaultyFs seed ${this.seed}`,
            );
          }
          return ghost.content;
        },
      ),
    );
  }

  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#call('writeAt', [path], { offset, bytes: data.length }, () =>
      this.#inner.writeAt(path, offset, data),
    );
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call('link', [existingPath, newPath], {}, () => {
      if (this.#ghosts?.at(newPath)) throw this.#ghostExists('link', newPath);
      return this.#inner.link(existingPath, newPath);
    });
  }

  unlink(path: string): Promise<void> {
    return this.#call('unlink', [path], {}, () => this.#unlink(path));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call('rename', [oldPath, newPath], {}, async () => {
      await this.#inner.rename(oldPath, newPath);
      this.#ghosts?.forget(newPath);
    });
  }

  stat(path: string): Promise<FsStats> {
    return this.#call('stat', [path], {}, () =>
      this.#orGhost(
        path,
        () => this.#inner.stat(path),
        (ghost) => ghost.stats,
      ),
    );
  }

  readdir(path: string): Promise<string[]> {
    return this.#call('readdir', [path], {}, async () => {
      const names = await this.#inner.readdir(path);
      const ghosts = this.#ghosts?.namesIn(path) ?? [];
      return [...names, ...ghosts.filter((name) => !names.includes(name))];
    });
  }

  async #unlink(path: string): Promise<void> {
    const delay = this.#delayUnlink;
    if (!appliesTo(delay, path) || delay === undefined) {
      await this.#inner.unlink(path);
      this.#ghosts?.forget(path);
      return;
    }
    if (delay.mode === 'late-return') {
      await this.#inner.unlink(path);
      await this.#clock!.sleep(delay.ms);
      return;
    }
    // A name that cannot be looked at is unlinked plainly, so its error is unlink's own.
    const stats = await this.#inner.stat(path).catch(() => undefined);
    if (stats === undefined) {
      await this.#inner.unlink(path);
      return;
    }
    const content = await this.#inner
      .read(path, { maxBytes: GHOST_CONTENT_BYTES })
      .catch(() => undefined);
    await this.#inner.unlink(path);
    this.#ghosts?.add(path, delay.ms, stats, content);
  }

  /** The inner answer; a vanished name still visible as a ghost answers from its snapshot. */
  async #orGhost<T>(
    path: string,
    real: () => Promise<T>,
    fromGhost: (ghost: { stats: FsStats; content: FileRead | undefined }) => T | undefined,
  ): Promise<T> {
    try {
      const result = await real();
      this.#ghosts?.forget(path);
      return result;
    } catch (error) {
      const ghost = errorCode(error) === 'ENOENT' ? this.#ghosts?.at(path) : undefined;
      const answer = ghost === undefined ? undefined : fromGhost(ghost);
      if (answer === undefined) throw error;
      return answer;
    }
  }

  #ghostExists(op: Op, path: string): Error {
    const error = nodeLikeError(
      'EEXIST',
      SYSCALL[op],
      path,
      `a delayed unlink keeps the name visible; FaultyFs seed ${this.seed}`,
    );
    (error as { injectedBy?: string }).injectedBy = 'delayed unlink';
    return error;
  }

  async #call<T>(
    op: Op,
    paths: string[],
    details: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    const call: CallContext = {
      op,
      path: subjectPath(op, paths),
      paths,
      call: this.#history.length + 1,
      now: this.#clock?.now(),
    };
    const entry: HistoryEntry = {
      call: call.call,
      op,
      paths,
      details,
      outcome: 'pending',
      injected: false,
    };
    if (call.now !== undefined) entry.startedAt = call.now;
    this.#history.push(entry);
    try {
      const result = await this.#attempt(call, entry, run);
      entry.outcome = 'ok';
      return result;
    } catch (error) {
      entry.outcome = errorCode(error) ?? 'error';
      throw error;
    } finally {
      if (this.#clock !== undefined) entry.endedAt = this.#clock.now();
    }
  }

  async #attempt<T>(call: CallContext, entry: HistoryEntry, run: () => Promise<T>): Promise<T> {
    await this.#hold(call, 'before');
    await this.#spendLatency(call.op, entry);
    const before = this.#firing(call, 'before');
    if (before !== undefined) throw this.#inject(before, call, entry);
    let result: T;
    try {
      result = await run();
    } catch (error) {
      const reported = this.#translated(call, error, entry);
      await this.#hold(call, 'after');
      throw reported;
    }
    const after = this.#firing(call, 'after');
    await this.#hold(call, 'after');
    if (after !== undefined) {
      entry.tookEffect = true;
      throw this.#inject(after, call, entry);
    }
    return result;
  }

  async #hold(call: CallContext, phase: Phase): Promise<void> {
    for (const gate of this.#gates) await gate.hold(call, phase);
  }

  async #spendLatency(op: Op, entry: HistoryEntry): Promise<void> {
    if (!this.#latency.enabled) return;
    const ms = this.#latency.draw(op, this.random);
    entry.latencyMs = ms;
    if (ms > 0) await this.#clock!.sleep(ms);
  }

  /** The first errno rule of this phase that fires on the call. */
  #firing(call: CallContext, phase: Phase): ArmedRule | undefined {
    return this.#firstFiring(
      call,
      (armed) => armed.rule.errno !== undefined && armed.phase === phase,
    );
  }

  /** Counts the call for every rule of the kind that concerns it; the first that fires decides. */
  #firstFiring(call: CallContext, kind: (armed: ArmedRule) => boolean): ArmedRule | undefined {
    const concerned = this.#rules.filter((armed) => kind(armed) && armed.concerns(call));
    for (const armed of concerned) armed.count();
    return concerned.find((armed) => armed.fires(this.random));
  }

  #inject(armed: ArmedRule, call: CallContext, entry: HistoryEntry): Error {
    entry.injected = true;
    entry.fault = armed.label;
    const took = armed.phase === 'after' ? ', after it took effect' : '';
    return nodeLikeError(
      armed.rule.errno!,
      SYSCALL[call.op],
      call.path,
      `injected by FaultyFs seed ${this.seed}, ${armed.label}${took}`,
    );
  }

  #translated(call: CallContext, error: unknown, entry: HistoryEntry): unknown {
    const code = errorCode(error);
    const injectedBy = (error as { injectedBy?: string } | null | undefined)?.injectedBy;
    if (injectedBy !== undefined) {
      entry.injected = true;
      entry.fault = injectedBy;
    }
    if (code === undefined) return error;
    const armed = this.#firstFiring(call, (rule) => rule.rule.translate?.from === code);
    if (armed === undefined) return error;
    entry.injected = true;
    entry.fault = armed.label;
    return nodeLikeError(
      armed.rule.translate!.to,
      SYSCALL[call.op],
      call.path,
      `${code} translated by FaultyFs seed ${this.seed}, ${armed.label}`,
    );
  }
}

function checkDelayUnlink(
  options: DelayedUnlinkOptions | undefined,
): DelayedUnlinkOptions | undefined {
  if (options === undefined) return undefined;
  if (!(Number.isFinite(options.ms) && options.ms >= 0)) {
    throw new RangeError(`FaultyFs delayUnlink.ms must be a finite number >= 0, got ${options.ms}`);
  }
  if (options.mode !== undefined && options.mode !== 'visible' && options.mode !== 'late-return') {
    throw new TypeError("FaultyFs delayUnlink.mode must be 'visible' or 'late-return'");
  }
  return options;
}
