import { MemfsAdapter } from '@linklock/memfs';
import type { LegacyFs } from '../../../src/algorithms/algorithm.js';

/**
 * A {@link LegacyFs} straight over a memfs `Volume`: one local disk shared by every test
 * process. It is linklock's `MemfsAdapter` (files stamped with the test clock, the "server"
 * clock, when given one), plus `utimes`, which stores whatever mtime the caller asks for, as
 * NFS stores the client's.
 */
export class MemfsLegacyFs extends MemfsAdapter implements LegacyFs {
  async utimes(path: string, mtimeMs: number): Promise<void> {
    const seconds = mtimeMs / 1000;
    this.volume.utimesSync(path, seconds, seconds);
  }
}
