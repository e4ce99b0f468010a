import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NfsAdapter } from '@linklock/nfs';
import { afterEach, beforeAll, beforeEach } from 'vitest';

// Where scripts/nfs/setup.sh serves (copied from packages/nfs/test-nfs/support/ganesha.ts:
// a package does not import another's test files).
const EXPORT_DIR = join(process.env.LINKLOCK_NFS_ROOT ?? '/tmp/linklock-nfs', 'export');
const NFS_PORT = Number(process.env.LINKLOCK_NFS_PORT ?? 42049);
const MOUNT_PORT = Number(process.env.LINKLOCK_NFS_MOUNT_PORT ?? 42050);

/** The URL of the export's root, ports given so that no portmapper is needed. */
export const EXPORT_URL = `nfs://127.0.0.1:${NFS_PORT}${EXPORT_DIR}?mountport=${MOUNT_PORT}`;

/**
 * A fresh directory of the export for each test, made and read on the server's own disk:
 * `local` is its path there, `inExport` the same directory as an adapter names it.
 */
export function useExportDirectory(prefix: string): {
  readonly local: string;
  readonly inExport: string;
} {
  let local = '';
  beforeAll(async () => {
    // Asked the way the tests reach it (ports given): the portmapper's registrations are not
    // needed, and a restarted ganesha can be serving without them.
    try {
      const adapter = await NfsAdapter.connect(EXPORT_URL);
      await adapter.close();
    } catch (error) {
      throw new Error(
        `no NFS export answers at ${EXPORT_URL}: run scripts/nfs/setup.sh first (${(error as Error).message})`,
      );
    }
  });
  beforeEach(() => {
    local = mkdtempSync(join(EXPORT_DIR, `${prefix}-`));
  });
  afterEach(() => rmSync(local, { recursive: true, force: true }));
  return {
    get local() {
      return local;
    },
    get inExport() {
      return local.slice(EXPORT_DIR.length);
    },
  };
}
