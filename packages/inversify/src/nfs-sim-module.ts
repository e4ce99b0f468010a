import type { AlgorithmContext } from '@linklock/nfs-sim';
import { ContainerModule } from 'inversify';
import { LINKLOCK } from './identifiers.js';

/**
 * One simulated process of `@linklock/nfs-sim`: its NFS client's filesystem, its virtual
 * clock, seeded randomness, simulated host identity and traced logger, as the simulator hands
 * them to a lock algorithm. Build a container from it inside `LockAlgorithm.create(context)`
 * to run code wired by inversify in the simulator.
 */
export function nfsSimModule(context: AlgorithmContext): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LINKLOCK.FsAdapter).toConstantValue(context.fs);
    bind(LINKLOCK.Clock).toConstantValue(context.clock);
    bind(LINKLOCK.Random).toConstantValue(context.random);
    bind(LINKLOCK.HostIdentity).toConstantValue(context.identity);
    bind(LINKLOCK.Logger).toConstantValue(context.logger);
  });
}
