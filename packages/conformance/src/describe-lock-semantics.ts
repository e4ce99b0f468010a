import type { Clock, FsAdapter, TimeSource } from '@linklock/core';
import { LOCK_CASES } from './lock-cases/all-cases.js';
import type { LockCase } from './lock-cases/lock-case.js';
import { LockStage } from './lock-cases/lock-stage.js';
import { TIME_MODES, type TimeMode } from './lock-cases/time-modes.js';
import { underContractLine } from './support/contract-failure.js';
import { VirtualClock } from './support/virtual-clock.js';
import type { TestFramework } from './test-framework.js';

export interface LockSemanticsSuiteOptions {
  /** Your test framework: vitest's `{ describe, it, expect, beforeEach, afterEach }`. */
  vitest: TestFramework;
  /** Names the suite in the report. @default 'FsAdapter' */
  name?: string;
  /**
   * Two views of one fresh storage for each case: what two processes (on two hosts) sharing
   * the lock's directory would each be given. `clock` is the case's virtual clock: storage that
   * stamps modification times itself (memfs, a simulated server) should stamp them with it, so
   * the cases in filesystem time run on virtual time. Storage on its own clock (a real disk or
   * server) ignores it: those cases then run in real time (about 10 s in all).
   */
  createAdapters(context: {
    clock: Clock;
  }): readonly [FsAdapter, FsAdapter] | Promise<readonly [FsAdapter, FsAdapter]>;
  /** Cleans up after each case (called in `afterEach` with that case's adapters). */
  destroy?(adapters: readonly [FsAdapter, FsAdapter]): void | Promise<void>;
  /**
   * An existing, empty directory of the storage where the case's lock lives: a string, or a
   * function read after `createAdapters()`. @default '/'
   */
  root?: string | (() => string);
  /** The time sources to run the cases in. @default ['local', 'filesystem'] */
  timeSources?: readonly TimeSource[];
}

/**
 * Registers the lock's behaviour over an adapter as test cases: acquire and release,
 * contention and hand-off between two processes, timeouts, aborts, expiry and break, unlock of
 * a lock that is not ours, foreign files. Every case runs twice: in local time on one virtual
 * clock, and in filesystem time (the lock's default) with the two processes' clocks skewed,
 * so the lock goes by the storage's mtimes as it does for users. Every failure message names
 * the behaviour that broke.
 */
export function describeLockSemantics(options: LockSemanticsSuiteOptions): void {
  const { vitest } = options;
  const sources = options.timeSources ?? ['local', 'filesystem'];
  vitest.describe(`Lock semantics: ${options.name ?? 'FsAdapter'}`, () => {
    for (const mode of TIME_MODES.filter((each) => sources.includes(each.timeSource))) {
      vitest.describe(mode.label, () => describeMode(options, mode));
    }
  });
}

function describeMode(options: LockSemanticsSuiteOptions, mode: TimeMode): void {
  const { vitest } = options;
  let stage: LockStage | undefined;
  let adapters: readonly [FsAdapter, FsAdapter] | undefined;
  vitest.beforeEach(async () => {
    const clock = new VirtualClock();
    adapters = await options.createAdapters({ clock });
    stage = await LockStage.open(adapters, resolveRoot(options.root), clock, mode);
  });
  vitest.afterEach(async () => {
    const [done, views] = [stage, adapters];
    stage = undefined;
    adapters = undefined;
    await done?.close();
    if (views !== undefined) await options.destroy?.(views);
  });
  for (const group of LOCK_CASES) {
    vitest.describe(group.name, () => {
      for (const lockCase of group.cases) {
        vitest.it(`${lockCase.title}${mode.titleSuffix}`, async () => {
          if (stage === undefined) throw new Error('describeLockSemantics: no storage was created');
          await runCase(lockCase, stage, options);
        });
      }
    });
  }
}

function runCase(
  lockCase: LockCase,
  stage: LockStage,
  options: LockSemanticsSuiteOptions,
): Promise<void> {
  return underContractLine(lockCase.title, () => lockCase.run(stage, options.vitest.expect));
}

function resolveRoot(root: LockSemanticsSuiteOptions['root']): string {
  if (root === undefined) return '/';
  return typeof root === 'function' ? root() : root;
}
