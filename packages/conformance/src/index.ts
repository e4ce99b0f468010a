/**
 * Test suites for linklock, run from your own vitest: whether an `FsAdapter` gives the lock
 * what it relies on (`describeFsAdapter`), and the lock's behaviour over it
 * (`describeLockSemantics`); and the helpers they run on, for your own tests too: a
 * `VirtualClock` and a `RecordingLogger`. The test framework is passed in; this package imports
 * none.
 */
export type { FsAdapterSuiteOptions } from './describe-fs-adapter.js';
export { describeFsAdapter } from './describe-fs-adapter.js';
export type { LockSemanticsSuiteOptions } from './describe-lock-semantics.js';
export { describeLockSemantics } from './describe-lock-semantics.js';
export type { MakeSymlink, Need } from './fs-cases/adapter-case.js';
export type { LogLine } from './support/recording-logger.js';
export { RecordingLogger } from './support/recording-logger.js';
export type { VirtualClockView } from './support/virtual-clock.js';
export { VirtualClock } from './support/virtual-clock.js';
export type { Assertion, CaseContext, Expect, TestFramework } from './test-framework.js';
