export type { EngineHistoryFilter as NodeHistoryFilter } from '../fault-engine.js';
export type { HistoryEntry } from '../history.js';
export type { LatencyOptions, LatencySpec } from '../latency.js';
export type { CallContext, PathPattern, Phase } from '../ops.js';
export type { PauseHandle, PauseSpec } from '../pause.js';
export { SeededRandom } from '../seeded-random.js';
export type { FaultyNodeFs } from './create.js';
export { createFaultyNodeFs } from './create.js';
export type { FaultyFileHandle } from './file-handle.js';
export { mockedFsModule } from './mock-module.js';
export { nodeError } from './node-error.js';
export type { NodeOp } from './ops.js';
export { NODE_OPS } from './ops.js';
export type {
  FaultyNodeFsOptions,
  NodeDelayedUnlinkOptions,
  NodeFaultRule,
  NodeFsLike,
} from './options.js';
