import type { EngineHistoryFilter } from '../fault-engine.js';
import type { HistoryEntry } from '../history.js';
import type { PauseHandle, PauseSpec } from '../pause.js';
import type { SeededRandom } from '../seeded-random.js';
import { callbackApi } from './callback-api.js';
import { NodeCore } from './core.js';
import type { NodeOp } from './ops.js';
import {
  checkNodeOptions,
  checkPartial,
  type FaultyNodeFsOptions,
  type NodeFaultRule,
} from './options.js';
import { promiseApi } from './promise-api.js';
import { realFs, realPromises } from './real-modules.js';
import { streamApi } from './streams.js';
import { syncApi } from './sync-api.js';
import { completeWith } from './uncovered.js';

/** What `createFaultyNodeFs` returns: the faulty filesystem, and the test's handles on it. */
export interface FaultyNodeFs {
  /** `node:fs`-shaped: callback, sync and promise APIs (`fs.promises`). Pass it where code takes an `fs`. */
  readonly fs: typeof realFs;
  /** `node:fs/promises`-shaped (the same object as `fs.promises`). */
  readonly promises: typeof realPromises;
  /** The seed in use (a string seed hashed to a number). */
  readonly seed: number;
  /** The generator the faults draw from: `random.fork()` for the code under test's own draws. */
  readonly random: SeededRandom;
  /** Adds a rule, tried after the others. */
  addRule(rule: NodeFaultRule): void;
  /** Holds the matching asynchronous call before or after its effect until released. */
  pause(spec: PauseSpec<NodeOp>): PauseHandle<NodeOp>;
  /** Every call so far, in order; with a filter, those of one function or on one path. */
  history(filter?: EngineHistoryFilter<NodeOp>): HistoryEntry<NodeOp>[];
  /** The seed and the history as text. */
  describe(): string;
  /** Prints `describe()` when the current test fails: `printOnFailure(onTestFailed)`. */
  printOnFailure(
    onTestFailed: (callback: () => void) => void,
    print?: (text: string) => void,
  ): void;
}

/**
 * A `node:fs` that fails on purpose: the facade over `inner` (a memfs `Volume`,
 * `createFsFromVolume(volume)`, or `node:fs`) with `FaultyFs`'s rules, pauses, latency,
 * delayed unlink and history, in the callback, sync and promise forms alike.
 */
export function createFaultyNodeFs(options: FaultyNodeFsOptions): FaultyNodeFs {
  checkNodeOptions(options);
  const core = new NodeCore(options);
  const promises = promiseApi(core);
  completeWith(promises, realPromises, 'promises.');
  const callbacks = callbackApi(core);
  const fs: Record<string, unknown> = {
    ...callbacks,
    ...syncApi(core),
    ...streamApi(callbacks),
    promises,
    constants: (core.inner as { constants?: object }).constants ?? realFs.constants,
  };
  (fs.realpath as { native?: unknown }).native = fs.realpath;
  (fs.realpathSync as { native?: unknown }).native = fs.realpathSync;
  if (typeof core.inner.watch === 'function') fs.watch = core.inner.watch.bind(core.inner);
  completeWith(fs, realFs, '');
  const engine = core.engine;
  let added = options.rules?.length ?? 0;
  return {
    fs: fs as unknown as typeof realFs,
    promises: promises as unknown as typeof realPromises,
    seed: engine.seed,
    random: engine.random,
    addRule: (rule) => {
      checkPartial(rule, added);
      engine.addRule(rule);
      added += 1;
    },
    pause: (spec) => engine.pause(spec),
    history: (filter) => engine.history(filter),
    describe: () => engine.describe('faulty node:fs'),
    printOnFailure: (onTestFailed, print = console.error) => {
      onTestFailed(() => print(engine.describe('faulty node:fs')));
    },
  };
}
