import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { LINUX_DEFAULTS, StandaloneNfs } from '@linklock/nfs-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Simulated NFS clients with Linux's default caches (attributes 3-60 s, every lookup cached,
// close-to-open). Simulated time moves only by RPC latencies here, so no cache ever times out
// within a case: every answer a cache may give is as stale as it can be.
//
// It fails no case. Beyond the uncached client's skips (no symlinks, no watch), it skips the
// nlink case because it declares `reliableNlink: false`, and honestly so: its own link replies
// keep its own cache right, but another host's link is not seen by `stat` until the attribute
// cache expires (its `read` sees it: the open revalidates). The lock never uses nlink, so its
// semantics pass on two caching hosts (docs/writing-an-adapter.md).
const vitest = { describe, it, expect, beforeEach, afterEach };
const ROOT = '/export/locks';

describeFsAdapter({
  vitest,
  name: 'nfs-sim client, Linux default caching',
  createAdapter: () =>
    new StandaloneNfs({ directories: [ROOT] }).process('client-a', LINUX_DEFAULTS),
  root: ROOT,
});

describeLockSemantics({
  vitest,
  name: 'nfs-sim clients on two hosts, Linux default caching',
  // The server stamps times on the case's clock: filesystem time sees it move.
  createAdapters: ({ clock }) => {
    const nfs = new StandaloneNfs({ directories: [ROOT], clock });
    return [nfs.process('client-a', LINUX_DEFAULTS), nfs.process('client-b', LINUX_DEFAULTS)];
  },
  root: ROOT,
});

describe('nfs-sim client with Linux default caching: why reliableNlink is false', () => {
  it("stat serves another host's link count stale, read (close-to-open) sees it", async () => {
    const nfs = new StandaloneNfs({ directories: [ROOT] });
    const a = nfs.process('client-a', LINUX_DEFAULTS);
    const b = nfs.process('client-b', LINUX_DEFAULTS);
    expect(a.capabilities.reliableNlink).toBe(false);
    await a.writeFile(`${ROOT}/claim`, 'record');
    expect((await a.stat(`${ROOT}/claim`)).nlink).toBe(1);
    await b.link(`${ROOT}/claim`, `${ROOT}/jobs.lock`);
    expect((await a.stat(`${ROOT}/claim`)).nlink).toBe(1); // stale: from A's attribute cache
    expect((await a.read(`${ROOT}/claim`, { maxBytes: 64 })).stats.nlink).toBe(2);
  });
});
