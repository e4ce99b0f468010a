import { describe, expect, it } from 'vitest';
import { inDir, type Rig, Rig as RigClass, type RigProcess, RPC_MS } from './support/rig.js';

const F = inDir('f');
const G = inDir('g');
const MISSING = inDir('missing');
const HOUR_MS = 3_600_000;

/** Two clients on Linux defaults (acregmin 3 s, acregmax 60 s, acdirmin 30 s, acdirmax 60 s). */
async function twoClients(observerMount: Parameters<Rig['client']>[1] = {}) {
  const rig = new RigClass();
  const writer = rig.client('writer').process();
  const observer = rig.client('observer', observerMount).process();
  await rig.run(writer.fs.writeFile(F, 'one', { exclusive: true }));
  await rig.advanceTo(1_000);
  return { rig, writer, observer };
}

/**
 * Stats `path` every `everyMs` until `untilMs` and returns when the observer's file GETATTRs
 * reached the server. The directory's attributes must be cached for longer than the poll (so
 * its one GETATTR is the first request, which is left out).
 */
async function revalidationTimes(
  rig: Rig,
  p: RigProcess,
  path: string,
  untilMs: number,
  everyMs = 50,
): Promise<number[]> {
  const first = rig.host.received.length;
  while (rig.now() < untilMs) {
    await rig.run(p.fs.stat(path));
    await rig.advance(everyMs);
  }
  return rig.host.received
    .slice(first)
    .filter((entry) => entry.client === 'observer' && entry.procedure === 'GETATTR')
    .map((entry) => entry.t);
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, index) => t - times[index]!);
}

/** Each gap is the expected timeout, give or take one poll period and an RPC. */
function expectTimeouts(actual: number[], expected: number[], slackMs = 50 + 2 * RPC_MS) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((gap, index) => {
    expect(gap).toBeGreaterThanOrEqual(expected[index]!);
    expect(gap).toBeLessThanOrEqual(expected[index]! + slackMs);
  });
}

describe('attribute cache', () => {
  describe("another client's change to a file", () => {
    it('is invisible to stat for acregmin: old nlink, mtime and size are served from the cache', async () => {
      const { rig, writer, observer } = await twoClients();
      const before = await rig.run(observer.fs.stat(F));
      const cachedAt = rig.now();

      await rig.run(writer.fs.link(F, G));
      await rig.run(writer.fs.writeAt(F, 3, ' and two'));
      await rig.advanceTo(cachedAt + 3_000 - 1);
      const stale = await rig.run(observer.fs.stat(F));

      expect(rig.truth.getattrPath(F)).toMatchObject({ nlink: 2, size: 11 });
      expect(stale).toMatchObject({ nlink: 1, size: 3, mtimeMs: before.mtimeMs });
      expect(rig.faults('stale-attributes')).toHaveLength(1);
    });

    it('shows once acregmin has passed: stat then asks the server', async () => {
      const { rig, writer, observer } = await twoClients();
      await rig.run(observer.fs.stat(F));
      const cachedAt = rig.now();
      await rig.run(writer.fs.link(F, G));
      await rig.run(writer.fs.writeAt(F, 3, ' and two'));

      await rig.advanceTo(cachedAt + 3_000);
      const fresh = await rig.run(observer.fs.stat(F));

      const truth = rig.truth.getattrPath(F);
      expect(fresh).toMatchObject({ nlink: 2, size: 11, mtimeMs: truth.mtimeMs });
    });

    it('is seen at once by the client that made it (the reply carries the new attributes)', async () => {
      const { rig, writer } = await twoClients();
      await rig.run(writer.fs.stat(F));
      await rig.run(writer.fs.link(F, G));
      expect(await rig.run(writer.fs.stat(F))).toMatchObject({ nlink: 2 });
      await rig.run(writer.fs.writeAt(F, 3, '!'));
      expect(await rig.run(writer.fs.stat(F))).toMatchObject({ size: 4 });
    });
  });

  describe('adaptive timeout', () => {
    const mount = {
      acregminMs: 1_000,
      acregmaxMs: 10_000,
      acdirminMs: HOUR_MS,
      acdirmaxMs: HOUR_MS,
    };

    it('doubles at each revalidation that finds the attributes unchanged, up to acregmax', async () => {
      const { rig, observer } = await twoClients({ mount });
      await rig.run(observer.fs.stat(F));
      const lookedUpAt = rig.received('LOOKUP', 'observer')[0]!.t;

      const times = await revalidationTimes(rig, observer, F, 40_000);

      expectTimeouts(gaps([lookedUpAt, ...times]), [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    });

    it('falls back to acregmin when a revalidation finds a change', async () => {
      const { rig, writer, observer } = await twoClients({ mount });
      await rig.run(observer.fs.stat(F));
      await revalidationTimes(rig, observer, F, 30_000); // timeout now at acregmax
      await rig.run(writer.fs.link(F, G));

      const times = await revalidationTimes(rig, observer, F, 62_000);

      // The first revalidation finds the link; then 1 s, 2 s, 4 s, 8 s again.
      expectTimeouts(gaps(times), [1_000, 2_000, 4_000, 8_000, 10_000]);
      const seen = await rig.run(observer.fs.stat(F));
      expect(seen.nlink).toBe(2);
    });

    it('does not grow from revalidations made before it ran out (an open, a read reply)', async () => {
      // Linux doubles attrtimeo only when a revalidation comes after the current period ended
      // (nfs_update_inode); close-to-open GETATTRs and READ replies inside it do not lengthen it.
      const { rig, writer, observer } = await twoClients();
      await rig.run(observer.fs.read(F, { maxBytes: 100 })); // LOOKUP, GETATTR (open), READ
      const cachedAt = rig.now();
      await rig.run(writer.fs.link(F, G));

      await rig.advanceTo(cachedAt + 3_000);

      expect(await rig.run(observer.fs.stat(F))).toMatchObject({ nlink: 2 });
    });
  });

  describe('noac', () => {
    it('asks the server at every stat and never serves a stale attribute', async () => {
      const { rig, writer, observer } = await twoClients({ mount: { noac: true } });
      await rig.run(observer.fs.stat(F));

      await rig.run(writer.fs.link(F, G));
      const sent = rig.received(undefined, 'observer').length;
      expect(await rig.run(observer.fs.stat(F))).toMatchObject({ nlink: 2 });
      const afterFirst = rig.received(undefined, 'observer').length;
      await rig.run(observer.fs.stat(F));

      expect(afterFirst).toBeGreaterThan(sent);
      expect(rig.received(undefined, 'observer').length).toBeGreaterThan(afterFirst);
      expect(rig.faults('stale-attributes')).toEqual([]);
    });

    it('reports its nlink as reliable in the capabilities, unlike a caching mount', () => {
      const rig = new RigClass();
      expect(rig.client('noac', { mount: { noac: true } }).nfs.capabilities.reliableNlink).toBe(
        true,
      );
      expect(rig.client('default').nfs.capabilities.reliableNlink).toBe(false);
    });
  });

  describe('directories', () => {
    const mount = { acregminMs: 1_000, acregmaxMs: 1_000, acdirminMs: 10_000, acdirmaxMs: 15_000 };

    it('are cached for acdirmin, not acregmin: a new name stays unseen that long', async () => {
      const { rig, writer, observer } = await twoClients({ mount });
      expect(await rig.errno(observer.fs.stat(MISSING))).toBe('ENOENT');
      const cachedAt = rig.now();
      await rig.run(writer.fs.writeFile(MISSING, 'now here', { exclusive: true }));

      await rig.advanceTo(cachedAt + 10_000 - 1);
      expect(await rig.errno(observer.fs.stat(MISSING))).toBe('ENOENT');

      await rig.advanceTo(cachedAt + 10_000);
      expect(await rig.run(observer.fs.stat(MISSING))).toMatchObject({ size: 8 });
    });

    it('double their timeout while unchanged, up to acdirmax', async () => {
      const { rig, writer, observer } = await twoClients({ mount });
      expect(await rig.errno(observer.fs.stat(MISSING))).toBe('ENOENT');
      const cachedAt = rig.now();
      await rig.advanceTo(cachedAt + 10_000);
      expect(await rig.errno(observer.fs.stat(MISSING))).toBe('ENOENT'); // revalidated: unchanged
      const revalidatedAt = rig.now();
      await rig.run(writer.fs.writeFile(MISSING, 'now here', { exclusive: true }));

      await rig.advanceTo(revalidatedAt + 15_000 - 1); // 20 s doubled, capped at 15 s
      expect(await rig.errno(observer.fs.stat(MISSING))).toBe('ENOENT');

      await rig.advanceTo(revalidatedAt + 15_000);
      expect(await rig.run(observer.fs.stat(MISSING))).toMatchObject({ size: 8 });
    });
  });
});
