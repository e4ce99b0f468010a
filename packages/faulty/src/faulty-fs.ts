import type {
  Clock,
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import type { DelayedUnlinkOptions } from './delayed-unlink.js';
import { DelayedUnlinkView } from './delayed-unlink-view.js';
import { FaultEngine } from './fault-engine.js';
import type { HistoryEntry } from './history.js';
import type { LatencyOptions } from './latency.js';
import { nodeLikeError } from './node-like-error.js';
import { OPS, type Op, type PathPattern, SYSCALL, subjectPath } from './ops.js';
import type { PauseHandle, PauseSpec } from './pause.js';
import type { FaultRule } from './rules.js';
import type { SeededRandom } from './seeded-random.js';

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
  readonly #engine: FaultEngine<Op>;
  readonly #view: DelayedUnlinkView;

  constructor(inner: FsAdapter, options: FaultyFsOptions = {}) {
    this.#inner = inner;
    this.#engine = new FaultEngine<Op>({
      ops: OPS,
      seed: options.seed,
      rules: options.rules,
      latency: options.latency,
      clock: options.clock,
      subject: subjectPath,
      injected: (code, call, note) => nodeLikeError(code, SYSCALL[call.op], call.path, note),
    });
    this.random = this.#engine.random;
    this.seed = this.#engine.seed;
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
    this.#engine.addRule(rule);
  }

  /** Pauses the matching call before (or after) it takes effect until the handle is released. */
  pause(spec: PauseSpec): PauseHandle {
    return this.#engine.pause(spec);
  }

  /**
   * Every call so far, in order (a snapshot: later calls do not change it); with a filter, only
   * the calls of that operation and on that path.
   */
  history(filter: HistoryFilter = {}): HistoryEntry[] {
    return this.#engine.history(filter);
  }

  /** The seed and the history as text, for a failing test's output. */
  describe(): string {
    return this.#engine.describe('FaultyFs');
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

  #call<T>(
    op: Op,
    paths: string[],
    details: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    return this.#engine.run(op, paths, details, run);
  }
}
