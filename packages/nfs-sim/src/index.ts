export type {
  AlgorithmContext,
  LegacyFs,
  LockAlgorithm,
  LockInstance,
} from './algorithms/algorithm.js';
export { asLockInstance } from './algorithms/linklock.js';
export { linklockWithRetry } from './algorithms/linklock-with-retry.js';
export { ALGORITHMS, algorithmNamed } from './algorithms/registry.js';
export type { CheckOptions } from './check/check-options.js';
export { checkRun } from './check/check-run.js';
export type { Violation } from './check/violation.js';
export type { MountOptions } from './client/mount-options.js';
export { LINUX_DEFAULTS, NO_CACHING, SSHFS_LIKE } from './client/mount-options.js';
export { SeedRunError } from './parallel/seed-run-error.js';
export type { Profile, ProfileRequest } from './profiles.js';
export { PROFILES, profileNamed, SCENARIOS } from './profiles.js';
export { layoutRun } from './report/layout-run.js';
export type {
  HostGroup,
  Interval,
  IntervalKind,
  IntervalOutcome,
  Lane,
  Marker,
  MarkerKind,
  RunLayout,
  StaleView,
  ViolationMark,
} from './report/layout-types.js';
export type { ReportData, ReportOptions } from './report/render-report.js';
export { renderReport } from './report/render-report.js';
export type { RpcOptions } from './rpc/rpc-channel.js';
export type { BatchResult, RunSeedsOptions, RunSummary } from './run-seeds.js';
export { hadTwoHolders, runSeeds } from './run-seeds.js';
export type { Attributes } from './server/attributes.js';
export type { NfsServer } from './server/nfs-server.js';
export type { ModelCall, Outcome } from './server/server-model.js';
export { ServerModel } from './server/server-model.js';
export type { ShrinkResult } from './shrink.js';
export { shrink } from './shrink.js';
export type { ClockSpec } from './sim/client-clock.js';
export { traceHash } from './sim/trace-hash.js';
export type { ClientSpec, WorldOptions } from './sim/world-options.js';
export type { SimulateOptions, SimulationResult, SimulationStats } from './simulate.js';
export { checkOptionsFor, replay, simulate } from './simulate.js';
export type { StandaloneNfsOptions } from './standalone/standalone-nfs.js';
export { StandaloneNfs } from './standalone/standalone-nfs.js';
export type {
  AcquireFailure,
  Errno,
  ErrorCode,
  FileOp,
  LockErrorCode,
  OpResult,
  ReleaseResult,
  UncodedError,
} from './trace/codes.js';
export type { FaultKind } from './trace/fault-kind.js';
export type { CrossHostHandoff } from './trace/handoffs.js';
export { collectCrossHostHandoffs } from './trace/handoffs.js';
export type { TraceEvent, TraceEventOf } from './trace/trace-event.js';
export type { WaitingOperations } from './trace/waiting-operations.js';
export { operationsWhileWaiting } from './trace/waiting-operations.js';
