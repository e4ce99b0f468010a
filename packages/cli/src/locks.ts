import { resolve } from 'node:path';
import type { Lock, Logger } from '@linklock/core';
import { createLinklockContainer, LINKLOCK, type LockDefaults } from '@linklock/inversify';

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
