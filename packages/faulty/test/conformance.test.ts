import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { FaultyFs } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// FaultyFs without faults must be transparent: the whole contract holds through it.
const vitest = { describe, it, expect, beforeEach, afterEach };
let volume = new Volume();

describeFsAdapter({
  vitest,
  name: 'FaultyFs without faults (over memfs)',
  createAdapter: () => {
    volume = new Volume();
    return new FaultyFs(new MemfsAdapter(volume));
  },
  makeSymlink: (target, path) => volume.symlinkSync(target, path),
});

describeLockSemantics({
  vitest,
  name: 'FaultyFs without faults (over memfs)',
  createAdapters: ({ clock }) => {
    const shared = new MemfsAdapter(new Volume(), { clock });
    return [new FaultyFs(shared, { seed: 1 }), new FaultyFs(shared, { seed: 2 })];
  },
});
