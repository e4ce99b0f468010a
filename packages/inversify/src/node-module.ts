import { silentLogger } from '@linklock/core';
import { ContainerModule } from 'inversify';
import {
  NodeFsAdapter,
  type NodeFsAdapterOptions,
  nodeIdentity,
  nodeRandom,
  systemClock,
} from 'linklock';
import { LINKLOCK } from './identifiers.js';

/** This process on Node.js: the system clock, `node:crypto` randomness, its identity, no logs. */
export function nodeRuntimeModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LINKLOCK.Clock).toConstantValue(systemClock);
    bind(LINKLOCK.Random).toConstantValue(nodeRandom);
    bind(LINKLOCK.HostIdentity).toConstantValue(nodeIdentity());
    bind(LINKLOCK.Logger).toConstantValue(silentLogger);
  });
}

/** The real filesystem: one `NodeFsAdapter` per container (it shares directory watchers). */
export function nodeFsModule(options: NodeFsAdapterOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LINKLOCK.FsAdapter)
      .toDynamicValue(() => new NodeFsAdapter(options))
      .inSingletonScope();
  });
}
