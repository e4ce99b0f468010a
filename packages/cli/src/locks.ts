import { resolve } from 'node:path';
import { type Lock, type Logger, ReadWriteLock } from '@linklock/core';
import { createLinklockContainer, LINKLOCK, type LockDefaults } from '@linklock/inversify';

type LinklockContainer = ReturnType<typeof createLinklockContainer>;

/** Warnings and errors of the lock, one line each on stderr; quieter levels are dropped. */
export const stderrLogger: Logger = {
  debug() {},
  info() {},
  warn(message) {
    process.stderr.write(`${message}\n`);
  },
  error(message) {
    process.stderr.write(`${message}\n`);
  },
};

/** A lock on the real filesystem, wired by the node container like any application's. */
export function lockOn(path: string, options: LockDefaults = {}, logger = stderrLogger): Lock {
  const container = createLinklockContainer({ backend: 'node', logger });
  return container.get(LINKLOCK.LockFactory)(resolve(path), options);
}

/** A shared lock on the real filesystem, with the same collaborators as {@link lockOn}'s. */
export function readWriteLockOn(
  path: string,
  options: LockDefaults = {},
  logger = stderrLogger,
): ReadWriteLock {
  const container = createLinklockContainer({ backend: 'node', logger });
  return readWriteLockIn(container, resolve(path), options);
}

/**
 * A shared lock (many readers or one writer) on `path`, made from `container`'s filesystem,
 * clock, randomness, identity and logger, as its lock factory makes a `Lock`; with the same
 * options but `fair`, which only a `Lock` has.
 */
export function readWriteLockIn(
  container: LinklockContainer,
  path: string,
  options: LockDefaults,
): ReadWriteLock {
  const { fair: _lockOnly, ...shared } = options;
  return new ReadWriteLock(path, {
    ...container.get(LINKLOCK.LockOptions),
    ...shared,
    fs: container.get(LINKLOCK.FsAdapter),
    clock: container.get(LINKLOCK.Clock),
    random: container.get(LINKLOCK.Random),
    identity: container.get(LINKLOCK.HostIdentity),
    logger: container.get(LINKLOCK.Logger),
  });
}
