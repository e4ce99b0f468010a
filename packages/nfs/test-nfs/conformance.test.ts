import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { NfsAdapter } from '@linklock/nfs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_DIR, freshExportDirectory, nfsUrl, requireGanesha } from './support/ganesha.js';

// The adapter contract and the lock's semantics through NfsAdapter against nfs-ganesha: every
// case in a fresh directory of the export; the two "processes" of the lock cases are two
// adapters, two TCP connections to the server. Symlinks are planted through NFS itself (SYMLINK).
const vitest = { describe, it, expect, beforeEach, afterEach };
beforeAll(requireGanesha);

let directory: ReturnType<typeof freshExportDirectory> | undefined;
const open: NfsAdapter[] = [];

/** A fresh directory of the export, and the first adapter of the case. */
async function connectFresh(): Promise<NfsAdapter> {
  directory = freshExportDirectory('conformance');
  return connect();
}

async function connect(): Promise<NfsAdapter> {
  const adapter = await NfsAdapter.connect(nfsUrl(EXPORT_DIR));
  open.push(adapter);
  return adapter;
}

async function closeAll(): Promise<void> {
  for (const adapter of open.splice(0)) await adapter.close();
  directory?.remove();
  directory = undefined;
}

describeFsAdapter({
  vitest,
  name: 'NfsAdapter on nfs-ganesha',
  createAdapter: connectFresh,
  root: () => directory!.inExport,
  destroy: closeAll,
  makeSymlink: (target, path) => open[0]!.symlink(target, path),
});

describeLockSemantics({
  vitest,
  name: 'two NfsAdapter connections to nfs-ganesha',
  createAdapters: async () => {
    const first = await connectFresh();
    return [first, await connect()] as const;
  },
  root: () => directory!.inExport,
  destroy: closeAll,
});
