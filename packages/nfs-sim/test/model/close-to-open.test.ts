import { describe, expect, it } from 'vitest';
import { inDir, Rig } from './support/rig.js';

const F = inDir('f');
const READ = { maxBytes: 1_000 };

/** A writer and an observer (with the given mount) sharing file F, which holds 'one'. */
async function setup(observerMount: { cto?: boolean } = {}) {
  const rig = new Rig();
  const writer = rig.client('writer').process();
  const observer = rig.client('observer', { mount: observerMount }).process();
  await rig.run(writer.fs.writeFile(F, 'one', { exclusive: true }));
  await rig.advanceTo(1_000);
  return { rig, writer, observer };
}

describe('close-to-open consistency', () => {
  describe('with cto (the default)', () => {
    it('reads fresh content at open although stat still serves the old attributes', async () => {
      const { rig, writer, observer } = await setup();
      await rig.run(observer.fs.stat(F));
      await rig.run(writer.fs.writeFile(F, 'one two'));

      expect(await rig.run(observer.fs.stat(F))).toMatchObject({ size: 3 });
      const read = await rig.run(observer.fs.read(F, READ));

      expect(read.data).toBe('one two');
      expect(read.stats.size).toBe(7);
    });

    it('revalidates even content it has cached, the moment after a change', async () => {
      const { rig, writer, observer } = await setup();
      expect((await rig.run(observer.fs.read(F, READ))).data).toBe('one');
      await rig.run(writer.fs.writeFile(F, 'one two'));

      expect((await rig.run(observer.fs.read(F, READ))).data).toBe('one two');
    });

    it('refreshes the attribute cache from the open, so a later stat is fresh too', async () => {
      const { rig, writer, observer } = await setup();
      await rig.run(observer.fs.stat(F));
      await rig.run(writer.fs.writeFile(F, 'one two'));

      await rig.run(observer.fs.read(F, READ));

      expect(await rig.run(observer.fs.stat(F))).toMatchObject({ size: 7 });
    });

    it('asks the server at every open, but reads unchanged content from its own cache', async () => {
      const { rig, observer } = await setup();
      await rig.run(observer.fs.read(F, READ));
      const getattrs = rig.received('GETATTR', 'observer').length;
      const reads = rig.received('READ', 'observer').length;

      expect((await rig.run(observer.fs.read(F, READ))).data).toBe('one');

      expect(rig.received('GETATTR', 'observer')).toHaveLength(getattrs + 1);
      expect(rig.received('READ', 'observer')).toHaveLength(reads);
    });
  });

  describe('with nocto', () => {
    it('serves stale cached content while the cached attributes are fresh', async () => {
      const { rig, writer, observer } = await setup({ cto: false });
      expect((await rig.run(observer.fs.read(F, READ))).data).toBe('one');
      const cachedAt = rig.now();
      await rig.run(writer.fs.writeFile(F, 'one two'));
      const sent = rig.received(undefined, 'observer').length;

      await rig.advanceTo(cachedAt + 3_000 - 1);
      const read = await rig.run(observer.fs.read(F, READ));

      expect(read.data).toBe('one');
      expect(read.stats.size).toBe(3);
      expect(rig.received(undefined, 'observer')).toHaveLength(sent); // it never asked
    });

    it('reads the new content once the attributes expire and show the change', async () => {
      const { rig, writer, observer } = await setup({ cto: false });
      await rig.run(observer.fs.read(F, READ));
      const cachedAt = rig.now();
      await rig.run(writer.fs.writeFile(F, 'one two'));

      await rig.advanceTo(cachedAt + 3_000);

      expect((await rig.run(observer.fs.read(F, READ))).data).toBe('one two');
    });
  });
});
