// inversify reads decorator metadata through reflect-metadata: loaded once, by the entry point.
import 'reflect-metadata';

export type { LinklockContainerOptions } from './container.js';
export { createLinklockContainer } from './container.js';
export { faultyModule } from './faulty-module.js';
export type { LockDefaults, LockFactory } from './identifiers.js';
export { LINKLOCK } from './identifiers.js';
export { lockModule } from './lock-module.js';
export type { MemfsModuleOptions } from './memfs-module.js';
export { memfsModule } from './memfs-module.js';
export { nfsModule } from './nfs-module.js';
export { nfsSimModule } from './nfs-sim-module.js';
export { nodeFsModule, nodeRuntimeModule } from './node-module.js';
