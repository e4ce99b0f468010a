import type {
  Clock,
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import { errorCode } from '@linklock/core';
import type { DelayedUnlinkOptions } from './delayed-unlink.js';
import { DelayedUnlinkView } from './delayed-unlink-view.js';
import { formatHistory, type HistoryEntry } from './history.js';
import { LatencyModel, type LatencyOptions } from './latency.js';
import { nodeLikeError } from './node-like-error.js';
import {
  type CallContext,
  type Op,
  type PathPattern,
  type Phase,
  pathMatches,
  SYSCALL,
  subjectPath,
} from './ops.js';
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

/** Which calls `history()` lists: those of an operation, on a path, or both. */
export interface HistoryFilter {
  op?: Op;
  /** Matched as rules match it: a string exactly, a RegExp tested; for `link` the new name, for `rename` the old. */
  path?: PathPattern;
}

/** An adapter that also sets modification times (`utimes`), which a FaultyFs then wraps too. */
interface SetsTimes {
  utimes(path: string, mtimeMs: number): Promise<void>;
}

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
  /**
   * Present exactly when the inner adapter has `utimes(path, mtimeMs)` (an adapter that also
   * sets modification times, as the reference algorithms' filesystem in @linklock/nfs-sim does):
   * rules, pauses and history apply to it as to every other operation.
   */
  declare readonly utimes?: (path: string, mtimeMs: number) => Promise<void>;
  readonly #inner: FsAdapter;
  readonly #rules: ArmedRule[];
  readonly #latency: LatencyModel;
  readonly #view: DelayedUnlinkView;
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
    if (this.#latency.enabled && this.#clock === undefined) {
      throw new TypeError('FaultyFs: `latency` and `delayUnlink` need a `clock` to spend time on');
    }
    this.#view = new DelayedUnlinkView(inner, options.delayUnlink, options.clock, this.seed);
    this.capabilities = { ...inner.capabilities, ...options.capabilities };
    if (inner.watch !== undefined) {
      this.watch = (directory, onChange) => inner.watch!(directory, onChange);
    }
    const setsTimes = inner as FsAdapter & Partial<SetsTimes>;
    if (typeof setsTimes.utimes === 'function') {
      this.utimes = (path, mtimeMs) =>
        this.#call('utimes', [path], { mtimeMs }, () => setsTimes.utimes!(path, mtimeMs));
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

  /**
   * Every call so far, in order (a snapshot: later calls do not change it); with a filter, only
   * the calls of that operation and on that path.
   */
  history(filter: HistoryFilter = {}): HistoryEntry[] {
    return this.#history
      .filter(
        (entry) =>
          (filter.op === undefined || entry.op === filter.op) &&
          pathMatches(filter.path, subjectPath(entry.op, entry.paths)),
      )
      .map((entry) => ({ ...entry }));
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
    const details = { bytes: data.length, ...options };
    return this.#call('writeFile', [path], details, () =>
      this.#view.writeFile(path, data, options),
    );
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    const details = { maxBytes: options.maxBytes };
    return this.#call('read', [path], details, () => this.#view.read(path, options));
  }

  writeAt(path: string, offset: number, data: string): Promise<void> {
    const details = { offset, bytes: data.length };
    return this.#call('writeAt', [path], details, () => this.#inner.writeAt(path, offset, data));
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#call('link', [existingPath, newPath], {}, () =>
      this.#view.link(existingPath, newPath),
    );
  }

  unlink(path: string): Promise<void> {
    return this.#call('unlink', [path], {}, () => this.#view.unlink(path));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#call('rename', [oldPath, newPath], {}, () => this.#view.rename(oldPath, newPath));
  }

  stat(path: string): Promise<FsStats> {
    return this.#call('stat', [path], {}, () => this.#view.stat(path));
  }

  readdir(path: string): Promise<string[]> {
    return this.#call('readdir', [path], {}, () => this.#view.readdir(path));
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
      entry.outcome = errorCode(reported) ?? 'error';
      await this.#hold(call, 'after');
      throw reported;
    }
    const after = this.#firing(call, 'after');
    if (after !== undefined) {
      entry.tookEffect = true;
      const injected = this.#inject(after, call, entry);
      entry.outcome = errorCode(injected) ?? 'error';
      await this.#hold(call, 'after');
      throw injected;
    }
    entry.outcome = 'ok'; // a call paused after taking effect shows its outcome meanwhile
    await this.#hold(call, 'after');
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
