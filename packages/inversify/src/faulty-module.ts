import { FaultyFs, type FaultyFsOptions } from '@linklock/faulty';
import { ContainerModule } from 'inversify';
import { LINKLOCK } from './identifiers.js';

/**
 * Wraps whatever filesystem is bound in a `FaultyFs` with `options` (rules, seed, latency,
 * delayed unlink). Resolving `LINKLOCK.FsAdapter` then gives the `FaultyFs`, whose `history()`
 * a test can read.
 */
export function faultyModule(options: FaultyFsOptions = {}): ContainerModule {
  return new ContainerModule(({ onActivation }) => {
    onActivation(LINKLOCK.FsAdapter, (_context, fs) => new FaultyFs(fs, options));
  });
}
