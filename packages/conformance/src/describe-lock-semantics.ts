import type { Clock, FsAdapter } from '@linklock/core';
import { LOCK_CASES } from './lock-cases/all-cases.js';
import type { LockCase } from './lock-cases/lock-case.js';
import { LockStage } from './lock-cases/lock-stage.js';
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
   * the lock's directory would each be given. `clock` is the virtual clock the case's locks
   * run on, for storage that stamps times (it may ignore it: expiries are measured on it, not
   * on modification times).
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
}

/**
 * Registers the lock's behaviour over an adapter as test cases: acquire and release,
 * contention and hand-off between two processes, timeouts, aborts, expiry and break, unlock of
 * a lock that is not ours, foreign files. The locks run on a virtual clock, so lifetimes of
 * seconds pass in milliseconds; every failure message names the behaviour that broke.
 */
export function describeLockSemantics(options: LockSemanticsSuiteOptions): void {
  const { vitest } = options;
  vitest.describe(`Lock semantics: ${options.name ?? 'FsAdapter'}`, () => {
    let stage: LockStage | undefined;
    let adapters: readonly [FsAdapter, FsAdapter] | undefined;
    vitest.beforeEach(async () => {
      const clock = new VirtualClock();
      adapters = await options.createAdapters({ clock });
      stage = new LockStage(adapters, resolveRoot(options.root), clock);
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
          vitest.it(lockCase.title, async () => {
            if (stage === undefined)
              throw new Error('describeLockSemantics: no storage was created');
            await runCase(lockCase, stage, options);
          });
        }
      });
    }
  });
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
