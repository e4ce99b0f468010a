/**
 * Test suites for linklock, run from your own vitest: whether an `FsAdapter` gives the lock
 * what it relies on (`describeFsAdapter`), and the lock's behaviour over it
 * (`describeLockSemantics`). The test framework is passed in; this package imports none.
 */
export type { FsAdapterSuiteOptions } from './describe-fs-adapter.js';
export { describeFsAdapter } from './describe-fs-adapter.js';
export type { LockSemanticsSuiteOptions } from './describe-lock-semantics.js';
export { describeLockSemantics } from './describe-lock-semantics.js';
export type { MakeSymlink, Need } from './fs-cases/adapter-case.js';
export { VirtualClock } from './support/virtual-clock.js';
export type { Assertion, CaseContext, Expect, TestFramework } from './test-framework.js';
