import type { NfsAdapter } from '@linklock/nfs';
import { ContainerModule } from 'inversify';
import { LINKLOCK } from './identifiers.js';

/**
 * A filesystem reached over NFSv3 by `@linklock/nfs`: binds `LINKLOCK.FsAdapter` to `adapter`,
 * already connected (`await NfsAdapter.connect(url)`). Connecting is asynchronous and can fail,
 * which a container binding cannot express, so the caller connects first. The container does
 * not own the adapter: the caller closes it (`await adapter.close()`) once its locks are
 * released; its TCP connection would otherwise keep the process alive.
 */
export function nfsModule(adapter: NfsAdapter): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(LINKLOCK.FsAdapter).toConstantValue(adapter);
  });
}
