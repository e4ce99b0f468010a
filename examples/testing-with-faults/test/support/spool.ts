import { FaultyFs, type FaultyFsOptions } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { onTestFailed } from 'vitest';
import type { Worker } from '../../src/job-queue.js';

export const SPOOL = '/spool';

/** A volume whose spool holds one `<id>.job` file per entry: the shared disk, and the truth. */
export function spoolWith(jobs: Record<string, string>): Volume {
  const volume = new Volume();
  volume.mkdirSync(SPOOL);
  for (const [id, payload] of Object.entries(jobs)) {
    volume.writeFileSync(`${SPOOL}/${id}.job`, payload);
  }
  return volume;
}

/**
 * A worker on its own `FaultyFs` over the shared volume, as a process on its own host would
 * be. Its nonces come from a fork of the faults' generator, so one seed replays both. The
 * seed and every call are printed if the test fails.
 */
export function workerOn(
  volume: Volume,
  name: string,
  options: FaultyFsOptions = {},
): Worker & { fs: FaultyFs } {
  const fs = new FaultyFs(new MemfsAdapter(volume), { seed: name, ...options });
  fs.printOnFailure(onTestFailed, (text) => console.error(`worker ${name}: ${text}`));
  return { fs, dir: SPOOL, name, random: fs.random.fork() };
}

/** What is left in the spool, sorted. */
export function spoolFiles(volume: Volume): string[] {
  return (volume.readdirSync(SPOOL) as string[]).sort();
}
