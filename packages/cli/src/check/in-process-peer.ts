import type { FsAdapter } from '@linklock/core';
import type { Peer, PeerProbe } from './peer.js';
import { type Probe, startProbe } from './peer-probes.js';

/**
 * A peer that is this process looking through `fs`: for measuring how late this side sees a
 * change made through another view (the kernel's caches are per mount, not per process).
 */
export function inProcessPeer(fs: FsAdapter, directory: string, who: string): Peer {
  return {
    who,
    async probe(probe: Probe, timeoutMs: number): Promise<PeerProbe | undefined> {
      const running = startProbe(fs, directory, probe, timeoutMs);
      if (running === undefined) return undefined;
      await running.ready;
      return running;
    },
    close: async () => undefined,
  };
}
