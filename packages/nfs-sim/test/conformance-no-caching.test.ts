import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { NO_CACHING, StandaloneNfs } from '@linklock/nfs-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Simulated NFS clients mounted with `noac,lookupcache=none`: every stat and lookup asks the
// server. The simulated server has no symlinks and the client no watch, so those cases skip.
const vitest = { describe, it, expect, beforeEach, afterEach };
const ROOT = '/export/locks';

describeFsAdapter({
  vitest,
  name: 'nfs-sim client, no caching',
  createAdapter: () => new StandaloneNfs({ directories: [ROOT] }).process('client-a', NO_CACHING),
  root: ROOT,
});

describeLockSemantics({
  vitest,
  name: 'nfs-sim clients on two hosts, no caching',
  // The server stamps times on the case's clock: filesystem time sees it move.
  createAdapters: ({ clock }) => {
    const nfs = new StandaloneNfs({ directories: [ROOT], clock });
    return [nfs.process('client-a', NO_CACHING), nfs.process('client-b', NO_CACHING)];
  },
  root: ROOT,
});
