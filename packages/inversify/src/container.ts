import type { Logger } from '@linklock/core';
import type { FaultyFsOptions } from '@linklock/faulty';
import type { NfsAdapter } from '@linklock/nfs';
import type { AlgorithmContext } from '@linklock/nfs-sim';
import { Container, type ContainerModule } from 'inversify';
import type { NodeFsAdapterOptions } from 'linklock';
import { faultyModule } from './faulty-module.js';
import { LINKLOCK, type LockDefaults } from './identifiers.js';
import { lockModule } from './lock-module.js';
import { type MemfsModuleOptions, memfsModule } from './memfs-module.js';
import { nfsModule } from './nfs-module.js';
import { nfsSimModule } from './nfs-sim-module.js';
import { nodeFsModule, nodeRuntimeModule } from './node-module.js';

interface CommonOptions {
  /** Defaults of every lock the factory makes (lifetime, retry, fencing, ...). */
  lock?: LockDefaults;
  /** Where the locks log; default: nowhere. */
  logger?: Logger;
  /** Wrap the backend's filesystem in a `FaultyFs` with these options. */
  faults?: FaultyFsOptions;
}

export type LinklockContainerOptions = CommonOptions &
  (
    | { backend: 'node'; fs?: NodeFsAdapterOptions }
    | { backend: 'memfs'; memfs?: MemfsModuleOptions }
    /** memfs behind a `FaultyFs`: the backend of tests about faults. */
    | { backend: 'faulty'; memfs?: MemfsModuleOptions }
    | { backend: 'nfs-sim'; simulated: AlgorithmContext }
    /** An NFS export reached by `@linklock/nfs`; the caller connects and closes the adapter. */
    | { backend: 'nfs'; nfs: NfsAdapter }
  );

/**
 * A container with linklock wired for `backend`: resolve `LINKLOCK.LockFactory` and make
 * locks. Tests `rebind` any collaborator (usually `LINKLOCK.FsAdapter`) before resolving.
 */
export function createLinklockContainer(options: LinklockContainerOptions): Container {
  const container = new Container();
  container.load(...backendModules(options), lockModule(options.lock));
  if (options.faults !== undefined || options.backend === 'faulty') {
    container.load(faultyModule(options.faults));
  }
  if (options.logger !== undefined)
    container.rebind(LINKLOCK.Logger).toConstantValue(options.logger);
  return container;
}

function backendModules(options: LinklockContainerOptions): ContainerModule[] {
  switch (options.backend) {
    case 'node':
      return [nodeRuntimeModule(), nodeFsModule(options.fs)];
    case 'memfs':
    case 'faulty':
      return [nodeRuntimeModule(), memfsModule(options.memfs)];
    case 'nfs-sim':
      return [nfsSimModule(options.simulated)];
    case 'nfs':
      // Checked here: a JavaScript caller that forgot it would otherwise learn of it only when
      // the first lock is made, from inversify, without a word about what to pass.
      if (options.nfs === undefined || options.nfs === null) {
        throw new TypeError(
          "backend 'nfs' needs the option `nfs`: a connected adapter (await NfsAdapter.connect(url) from @linklock/nfs)",
        );
      }
      return [nodeRuntimeModule(), nfsModule(options.nfs)];
    default:
      throw new TypeError(
        `Unknown backend ${JSON.stringify((options as { backend?: unknown }).backend)}: expected 'node', 'memfs', 'faulty', 'nfs-sim' or 'nfs'`,
      );
  }
}
