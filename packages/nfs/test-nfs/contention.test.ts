import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contend, leftovers } from './support/contention.js';
import {
  EXPORT_DIR,
  freshExportDirectory,
  NOAC_EXPORT_DIR,
  nfsUrl,
  requireGanesha,
} from './support/ganesha.js';

// Real processes on one lock through nfs-ganesha: NFS clients (NfsAdapter) posing as two hosts,
// alone, and together with processes working on the exported directory itself. The mixed run
// uses the export ganesha does not cache (Attr_Expiration_Time = 0): with its default caching,
// ganesha serves names changed on its own disk stale for up to a minute, which can make an NFS
// waiter break a live lock of a local process (mixed-access.test.ts shows it).
beforeAll(requireGanesha);

let directory: ReturnType<typeof freshExportDirectory> | undefined;
afterEach(() => {
  directory?.remove();
  directory = undefined;
});

function scene(exportDir = EXPORT_DIR) {
  directory = freshExportDirectory('contention', exportDir);
  writeFileSync(join(directory.local, 'counter'), '0\n');
  return directory;
}

describe('contention through a real NFS server', () => {
  it('4 NFS clients on two hosts x 100: exact count, no overlap, nothing logged, nothing left', async () => {
    const { local, inExport } = scene();
    const nfs = nfsUrl(EXPORT_DIR);
    const contenders = ['nfs-a', 'nfs-a', 'nfs-b', 'nfs-b'].map((hostname) => ({
      lockfile: `${inExport}/job.lock`,
      counter: `${inExport}/counter`,
      iterations: 100,
      nfs,
      hostname,
    }));
    const outcome = await contend(contenders, 100_000);
    expect(outcome.problems).toEqual([]);
    expect(outcome.overlaps).toEqual([]);
    expect(outcome.acquisitions).toBe(400);
    expect(Number(readFileSync(join(local, 'counter'), 'utf8'))).toBe(400);
    expect(leftovers(local, ['counter'])).toEqual([]);
  });

  it('4 NFS clients and 4 processes on the exported directory x 100 (uncached export): exact count, no overlap', async () => {
    const { local, inExport } = scene(NOAC_EXPORT_DIR);
    const nfs = nfsUrl(NOAC_EXPORT_DIR);
    const overNfs = ['nfs-a', 'nfs-a', 'nfs-b', 'nfs-b'].map((hostname) => ({
      lockfile: `${inExport}/job.lock`,
      counter: `${inExport}/counter`,
      iterations: 100,
      nfs,
      hostname,
    }));
    const onServer = Array.from({ length: 4 }, () => ({
      lockfile: join(local, 'job.lock'),
      counter: join(local, 'counter'),
      iterations: 100,
    }));
    const outcome = await contend([...overNfs, ...onServer], 110_000);
    expect(outcome.problems).toEqual([]);
    expect(outcome.overlaps).toEqual([]);
    expect(outcome.acquisitions).toBe(800);
    expect(Number(readFileSync(join(local, 'counter'), 'utf8'))).toBe(800);
    expect(leftovers(local, ['counter'])).toEqual([]);
  });
});
