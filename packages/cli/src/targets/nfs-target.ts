import type { Lock, ReadWriteLock } from '@linklock/core';
import { createLinklockContainer, LINKLOCK, type LockDefaults } from '@linklock/inversify';
import { NfsAdapter } from '@linklock/nfs';
import { foreignKind } from '../file-kind.js';
import { readWriteLockIn, stderrLogger } from '../locks.js';
import { UsageError } from '../usage-error.js';
import { type LockTarget, slotCountOf } from './lock-target.js';
import { requireNfsDirectory } from './nfs-directory.js';
import { nfsUrlOptions } from './nfs-url-options.js';

/**
 * A lock on an NFS export reached over TCP by `@linklock/nfs`: connects (a malformed URL is a
 * usage error; an unreachable server rejects with an `NfsConnectionError` naming host, port
 * and export) and makes the lock on the URL's path inside the export through the container's
 * `nfs` backend. The caller closes the target.
 */
export async function connectNfsTarget(
  command: string,
  url: string,
  defaults: LockDefaults,
): Promise<LockTarget> {
  const options = nfsUrlOptions(command, url);
  const adapter = await NfsAdapter.connect(options);
  let lock: Lock;
  let readWriteLock: ReadWriteLock;
  try {
    lock = lockOnExport(command, url, adapter, defaults);
    const container = createLinklockContainer({
      backend: 'nfs',
      nfs: adapter,
      logger: stderrLogger,
    });
    readWriteLock = readWriteLockIn(container, adapter.path, defaults);
  } catch (error) {
    await adapter.close();
    throw error;
  }
  return {
    name: url,
    lock,
    readWriteLock,
    isShared: () => existsOnExport(adapter, slotCountOf(adapter.path)),
    requireDirectory: () => requireNfsDirectory(adapter),
    describeForeign: async () => foreignKind(await adapter.stat(adapter.path)),
    close: () => adapter.close(),
  };
}

function lockOnExport(
  command: string,
  url: string,
  adapter: NfsAdapter,
  defaults: LockDefaults,
): Lock {
  if (adapter.path === '/') {
    throw new UsageError(
      `the NFS URL ${JSON.stringify(url)} names the export ${adapter.exportPath} itself: add the lock file's name (${adapter.exportPath.replace(/\/$/, '')}/my.lock)`,
      command,
    );
  }
  const container = createLinklockContainer({ backend: 'nfs', nfs: adapter, logger: stderrLogger });
  return container.get(LINKLOCK.LockFactory)(adapter.path, defaults);
}

async function existsOnExport(adapter: NfsAdapter, path: string): Promise<boolean> {
  try {
    await adapter.stat(path);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return false;
    throw error;
  }
}
