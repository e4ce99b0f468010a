import { describeFsAdapter, type FsAdapterSuiteOptions } from '../describe-fs-adapter.js';
import {
  describeLockSemantics,
  type LockSemanticsSuiteOptions,
} from '../describe-lock-semantics.js';
import { FS_ADAPTER_CASES } from '../fs-cases/all-cases.js';
import type { CaseResult, RunnerOptions } from './case-result.js';
import { RecordingFramework } from './recording-framework.js';

export type RunFsAdapterSuiteOptions = Omit<FsAdapterSuiteOptions, 'vitest'> & RunnerOptions;
export type RunLockSemanticsSuiteOptions = Omit<LockSemanticsSuiteOptions, 'vitest'> &
  RunnerOptions;

const ADVISORY = new Set(
  FS_ADAPTER_CASES.flatMap((group) => group.cases)
    .filter((contractCase) => contractCase.advisory === true)
    .map((contractCase) => contractCase.title),
);

/**
 * Runs the FsAdapter contract (what `describeFsAdapter` registers) without a test framework:
 * case by case, in order, each with a fresh adapter, on the built-in `expect`. Resolves every
 * case's outcome; never rejects for a failing case.
 */
export function runFsAdapterSuite(options: RunFsAdapterSuiteOptions): Promise<CaseResult[]> {
  const framework = new RecordingFramework();
  describeFsAdapter({ ...options, vitest: framework });
  return framework.runAll(options, (title) => ADVISORY.has(title));
}

/**
 * Runs the lock's semantics over an adapter (what `describeLockSemantics` registers) without a
 * test framework, in each of `timeSources`; resolves every case's outcome.
 */
export function runLockSemanticsSuite(
  options: RunLockSemanticsSuiteOptions,
): Promise<CaseResult[]> {
  const framework = new RecordingFramework();
  describeLockSemantics({ ...options, vitest: framework });
  return framework.runAll(options);
}
