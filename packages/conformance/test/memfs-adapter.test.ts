import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const vitest = { describe, it, expect, beforeEach, afterEach };
let volume = new Volume();

describeFsAdapter({
  vitest,
  name: 'MemfsAdapter',
  createAdapter: () => {
    volume = new Volume();
    return new MemfsAdapter(volume);
  },
  makeSymlink: (target, path) => volume.symlinkSync(target, path),
});

describeLockSemantics({
  vitest,
  name: 'MemfsAdapter',
  // Two adapters over one volume: two processes sharing one directory.
  createAdapters: ({ clock }) => {
    const shared = new Volume();
    return [new MemfsAdapter(shared, { clock }), new MemfsAdapter(shared, { clock })];
  },
});
