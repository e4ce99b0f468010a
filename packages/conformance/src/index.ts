/**
 * Test suites for linklock: whether an `FsAdapter` gives the lock what it relies on
 * (`describeFsAdapter`), and the lock's behaviour over it (`describeLockSemantics`), registered
 * with your own vitest; the same suites run without any test framework (`runFsAdapterSuite`,
 * `runLockSemanticsSuite`, resolving each case's outcome), as `linklock check` runs them; and
 * the helpers they run on, for your own tests too: a `VirtualClock`, a `RecordingLogger`, and
 * the mtime probes of the time cases (`sampleMtimes`, `granularityOf`, `unitOf`).
 * This package imports no test framework.
 */
export type { FsAdapterSuiteOptions } from './describe-fs-adapter.js';
export { describeFsAdapter } from './describe-fs-adapter.js';
export type { LockSemanticsSuiteOptions } from './describe-lock-semantics.js';
export { describeLockSemantics } from './describe-lock-semantics.js';
export type { MakeSymlink, Need } from './fs-cases/adapter-case.js';
export { AssertionError, builtInExpect } from './runner/built-in-expect.js';
export type { CaseResult, CaseStatus, RunnerOptions } from './runner/case-result.js';
export type {
  RunFsAdapterSuiteOptions,
  RunLockSemanticsSuiteOptions,
} from './runner/run-suites.js';
export { runFsAdapterSuite, runLockSemanticsSuite } from './runner/run-suites.js';
export type { MtimeSampling } from './support/mtime-samples.js';
export { granularityOf, sampleMtimes, unitOf } from './support/mtime-samples.js';
export type { LogLine } from './support/recording-logger.js';
export { RecordingLogger } from './support/recording-logger.js';
export type { VirtualClockView } from './support/virtual-clock.js';
export { VirtualClock } from './support/virtual-clock.js';
export type { Assertion, CaseContext, Expect, TestFramework } from './test-framework.js';
