export * from '@linklock/core';
export { createLock, createReadWriteLock } from './create-lock.js';
export type {
  DetectOptions,
  FilesystemInfo,
  FilesystemKind,
  IoMode,
  MountEntry,
} from './filesystem-kind.js';
export {
  capabilitiesFor,
  classifyFilesystem,
  detectFilesystem,
  findMount,
  ioModeFor,
  LOCAL_DISK_CAPABILITIES,
  parseMountinfo,
} from './filesystem-kind.js';
export type { NodeFsAdapterOptions, NodeFsMode } from './node-fs-adapter.js';
export { NodeFsAdapter } from './node-fs-adapter.js';
export { nodeIdentity } from './node-identity.js';
export { nodeRandom } from './node-random.js';
export { systemClock } from './system-clock.js';
