import { Lock } from '@linklock/core';
import { ContainerModule } from 'inversify';
import { LINKLOCK, type LockDefaults, type LockFactory } from './identifiers.js';

/**
 * The lock factory and the defaults it applies: each lock gets the filesystem, clock,
 * randomness, identity and logger bound in the container at the time the factory is first
 * resolved (so a test's `rebind` before that is what its locks use).
 */
export function lockModule(defaults: LockDefaults = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LINKLOCK.LockOptions).toConstantValue(defaults);
    bind(LINKLOCK.LockFactory)
      .toDynamicValue((context): LockFactory => {
        const collaborators = {
          fs: context.get(LINKLOCK.FsAdapter),
          clock: context.get(LINKLOCK.Clock),
          random: context.get(LINKLOCK.Random),
          identity: context.get(LINKLOCK.HostIdentity),
          logger: context.get(LINKLOCK.Logger),
        };
        const lockDefaults = context.get(LINKLOCK.LockOptions);
        return (path, options = {}) =>
          new Lock(path, { ...lockDefaults, ...options, ...collaborators });
      })
      .inSingletonScope();
  });
}
