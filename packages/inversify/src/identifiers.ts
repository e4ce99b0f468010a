import type {
  Clock,
  FsAdapter,
  HostIdentity,
  Lock,
  LockOptions,
  Logger,
  Random,
} from '@linklock/core';
import type { ServiceIdentifier } from 'inversify';
import type { Volume } from 'memfs';

/** The lock options a container applies to every lock it makes (collaborators aside). */
export type LockDefaults = Partial<
  Omit<LockOptions, 'fs' | 'clock' | 'random' | 'identity' | 'logger'>
>;

/** Makes a lock on `path` from the container's collaborators; `options` win over its defaults. */
export type LockFactory = (path: string, options?: LockDefaults) => Lock;

/**
 * The service identifiers of linklock's collaborators. `Symbol.for`, so that two copies of
 * this package in one application still name the same services.
 */
export const LINKLOCK = {
  FsAdapter: Symbol.for('@linklock/FsAdapter') as ServiceIdentifier<FsAdapter>,
  Clock: Symbol.for('@linklock/Clock') as ServiceIdentifier<Clock>,
  Random: Symbol.for('@linklock/Random') as ServiceIdentifier<Random>,
  HostIdentity: Symbol.for('@linklock/HostIdentity') as ServiceIdentifier<HostIdentity>,
  Logger: Symbol.for('@linklock/Logger') as ServiceIdentifier<Logger>,
  LockOptions: Symbol.for('@linklock/LockOptions') as ServiceIdentifier<LockDefaults>,
  LockFactory: Symbol.for('@linklock/LockFactory') as ServiceIdentifier<LockFactory>,
  /** The memfs backend's volume (one per container), for tests that look at the files. */
  MemfsVolume: Symbol.for('@linklock/MemfsVolume') as ServiceIdentifier<Volume>,
} as const;
