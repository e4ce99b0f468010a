import { MemfsAdapter, type MemfsAdapterOptions } from '@linklock/memfs';
import { ContainerModule } from 'inversify';
import { Volume } from 'memfs';
import { LINKLOCK } from './identifiers.js';

export interface MemfsModuleOptions extends MemfsAdapterOptions {
  /** Share a volume (two containers as two processes on one disk); default: a fresh one. */
  volume?: Volume;
}

/** An in-memory filesystem: a fresh memfs volume per container unless one is given. */
export function memfsModule(options: MemfsModuleOptions = {}): ContainerModule {
  const { volume, ...adapterOptions } = options;
  return new ContainerModule(({ bind }) => {
    bind(LINKLOCK.MemfsVolume)
      .toDynamicValue(() => volume ?? new Volume())
      .inSingletonScope();
    bind(LINKLOCK.FsAdapter)
      .toDynamicValue(
        (context) => new MemfsAdapter(context.get(LINKLOCK.MemfsVolume), adapterOptions),
      )
      .inSingletonScope();
  });
}
