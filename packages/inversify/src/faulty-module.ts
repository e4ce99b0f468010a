import { FaultyFs, type FaultyFsOptions } from '@linklock/faulty';
import { ContainerModule } from 'inversify';
import { LINKLOCK } from './identifiers.js';

/**
 * Wraps the filesystem bound in the container in a `FaultyFs` with `options` (rules, seed,
 * latency, delayed unlink). Resolving `LINKLOCK.FsAdapter` then gives the `FaultyFs`, whose
 * `history()` a test can read. The wrapping belongs to the binding: a later
 * `rebind(LINKLOCK.FsAdapter)` drops it with the binding (inversify removes a service's
 * activation handlers when it is unbound), so a test that rebinds binds its own `FaultyFs`.
 */
export function faultyModule(options: FaultyFsOptions = {}): ContainerModule {
  return new ContainerModule(({ onActivation }) => {
    onActivation(LINKLOCK.FsAdapter, (_context, fs) => new FaultyFs(fs, options));
  });
}
