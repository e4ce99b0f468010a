import { describe, expect, it } from 'vitest';
import type { MountOptions } from '../../src/client/mount-options.js';
import { inDir, Rig } from './support/rig.js';

const X = inDir('x');
const Y = inDir('y');
const Z = inDir('z');
const READ = { maxBytes: 1_000 };
const ACDIRMIN_MS = 30_000;

/** Another client ('other') and the client under test ('observer'). */
async function setup(lookupcache: MountOptions['lookupcache'] = 'all') {
  const rig = new Rig();
  const other = rig.client('other').process();
  const observer = rig.client('observer', { mount: { lookupcache } }).process();
  await rig.advanceTo(1_000);
  return { rig, other, observer };
}

describe('lookup cache', () => {
  describe('lookupcache=all (the default)', () => {
    it('keeps a negative entry: a file another client created stays invisible (ENOENT)', async () => {
      const { rig, other, observer } = await setup();
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      const cachedAt = rig.now();
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));

      await rig.advanceTo(cachedAt + ACDIRMIN_MS - 1);

      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      expect(await rig.errno(observer.fs.read(X, READ))).toBe('ENOENT');
      expect(rig.faults('stale-lookup').map((fault) => fault.detail)).toContain(
        `${X}: client absent, server present`,
      );
    });

    it("drops it when the directory's cached attributes expire and show a change", async () => {
      const { rig, other, observer } = await setup();
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      const cachedAt = rig.now();
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));

      await rig.advanceTo(cachedAt + ACDIRMIN_MS);

      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ size: 1 });
    });

    it('keeps a negative entry past the directory timeout when the directory did not change', async () => {
      const { rig, observer } = await setup();
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      const lookups = rig.received('LOOKUP', 'observer').length;

      await rig.advance(ACDIRMIN_MS * 3);
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');

      expect(rig.received('LOOKUP', 'observer')).toHaveLength(lookups); // the GETATTR sufficed
    });

    it('keeps a positive entry for a removed file: acting on it answers ESTALE', async () => {
      const { rig, other, observer } = await setup();
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
      await rig.run(observer.fs.stat(X));
      await rig.run(other.fs.unlink(X));

      expect(await rig.errno(observer.fs.read(X, READ))).toBe('ESTALE'); // the open's GETATTR
      expect(rig.faults('estale')).toHaveLength(1);
    });

    it('answers stat from the dead file for acregmin, then ESTALE from its GETATTR', async () => {
      const { rig, other, observer } = await setup();
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
      await rig.run(observer.fs.stat(X));
      const cachedAt = rig.now();
      await rig.run(other.fs.unlink(X));

      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ nlink: 1, size: 1 });
      await rig.advanceTo(cachedAt + 3_000);
      expect(await rig.errno(observer.fs.stat(X))).toBe('ESTALE');
    });

    it('forgets the name after ESTALE: the next lookup asks the server and finds nothing', async () => {
      const { rig, other, observer } = await setup();
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
      await rig.run(observer.fs.stat(X));
      await rig.run(other.fs.unlink(X));
      expect(await rig.errno(observer.fs.read(X, READ))).toBe('ESTALE');

      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
    });

    it('finds a file recreated under the old name, once the handle went stale', async () => {
      const { rig, other, observer } = await setup();
      await rig.run(other.fs.writeFile(X, 'old', { exclusive: true }));
      await rig.run(observer.fs.stat(X));
      await rig.run(other.fs.unlink(X));
      await rig.run(other.fs.writeFile(X, 'new!', { exclusive: true }));

      expect(await rig.errno(observer.fs.read(X, READ))).toBe('ESTALE');
      expect((await rig.run(observer.fs.read(X, READ))).data).toBe('new!');
    });
  });

  describe('lookupcache=positive', () => {
    it('keeps no negative entry: a file another client created is seen at once', async () => {
      const { rig, other, observer } = await setup('positive');
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));

      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ size: 1 });
    });

    it('still keeps positive entries: a removed file is still seen', async () => {
      const { rig, other, observer } = await setup('positive');
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
      await rig.run(observer.fs.stat(X));
      await rig.run(other.fs.unlink(X));

      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ size: 1 });
    });
  });

  describe('lookupcache=none', () => {
    it('keeps no entry at all: creation and removal elsewhere are seen at once', async () => {
      const { rig, other, observer } = await setup('none');
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ size: 1 });

      await rig.run(other.fs.unlink(X));
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
    });

    it('sends a LOOKUP for every name it resolves', async () => {
      const { rig, other, observer } = await setup('none');
      await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
      await rig.run(observer.fs.stat(X));
      await rig.run(observer.fs.stat(X));
      expect(rig.received('LOOKUP', 'observer')).toHaveLength(2);
    });
  });

  describe("the client's own operations", () => {
    it('see their own create at once, over a negative entry', async () => {
      const { rig, observer } = await setup();
      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      await rig.run(observer.fs.writeFile(X, 'mine', { exclusive: true }));

      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ size: 4, nlink: 1 });
    });

    it('see their own link at once, with the new link count on both names', async () => {
      const { rig, observer } = await setup();
      await rig.run(observer.fs.writeFile(X, 'mine', { exclusive: true }));
      expect(await rig.errno(observer.fs.stat(Y))).toBe('ENOENT');
      await rig.run(observer.fs.stat(X));

      await rig.run(observer.fs.link(X, Y));

      const sent = rig.received(undefined, 'observer').length;
      expect(await rig.run(observer.fs.stat(Y))).toMatchObject({ nlink: 2 });
      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ nlink: 2 });
      expect(rig.received(undefined, 'observer')).toHaveLength(sent); // all from the reply
    });

    it('see their own remove at once', async () => {
      const { rig, observer } = await setup();
      await rig.run(observer.fs.writeFile(X, 'mine', { exclusive: true }));
      await rig.run(observer.fs.link(X, Y));

      await rig.run(observer.fs.unlink(Y));

      expect(await rig.errno(observer.fs.stat(Y))).toBe('ENOENT');
      expect(await rig.run(observer.fs.stat(X))).toMatchObject({ nlink: 1 });
    });

    it('see their own rename at once', async () => {
      const { rig, observer } = await setup();
      await rig.run(observer.fs.writeFile(X, 'mine', { exclusive: true }));
      await rig.run(observer.fs.stat(X));

      await rig.run(observer.fs.rename(X, Y));

      expect(await rig.errno(observer.fs.stat(X))).toBe('ENOENT');
      expect(await rig.run(observer.fs.stat(Y))).toMatchObject({ size: 4 });
    });

    it('keep what they knew of other names when nobody else changed the directory', async () => {
      const { rig, observer } = await setup();
      expect(await rig.errno(observer.fs.stat(Z))).toBe('ENOENT');
      await rig.run(observer.fs.writeFile(X, 'mine', { exclusive: true }));
      const lookups = rig.received('LOOKUP', 'observer').length;

      expect(await rig.errno(observer.fs.stat(Z))).toBe('ENOENT');
      expect(rig.received('LOOKUP', 'observer')).toHaveLength(lookups);
    });

    it("reveal a change another client made meanwhile (the reply's pre-operation attributes differ)", async () => {
      const { rig, other, observer } = await setup();
      expect(await rig.errno(observer.fs.stat(Z))).toBe('ENOENT');
      await rig.run(other.fs.writeFile(Z, 'theirs', { exclusive: true }));

      await rig.run(observer.fs.writeFile(X, 'mine', { exclusive: true }));

      expect(await rig.run(observer.fs.stat(Z))).toMatchObject({ size: 6 });
    });
  });
});
