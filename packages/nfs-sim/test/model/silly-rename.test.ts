import { describe, expect, it } from 'vitest';
import type { MountOptions } from '../../src/client/mount-options.js';
import { inDir, ONE_WAY_MS, Pending, Rig, type RigProcess } from './support/rig.js';

const F = inDir('f');
const G = inDir('g');
const READ = { maxBytes: 1_000 };
const SILLY = /^\.nfs[0-9a-f]{8}[A-Za-z0-9]+[0-9a-f]{4}$/;
const STALL_MS = 5_000;

/**
 * Starts a read of `path` by `reader` (a process on 'host') and holds it open: once the read
 * has opened the file and its GETATTR reached the server, the reader stalls for `stallMs`
 * before it gets the reply.
 */
async function readHeldOpen(rig: Rig, reader: RigProcess, path: string, stallMs = STALL_MS) {
  await rig.run(reader.fs.stat(path));
  const sent = rig.received('GETATTR', 'host').length;
  const reading = new Pending(reader.fs.read(path, READ));
  while (rig.received('GETATTR', 'host').length === sent) await rig.advance(ONE_WAY_MS);
  rig.scheduler.pause(reader.pid, stallMs);
  return reading;
}

async function setup(mount: Partial<MountOptions> = {}) {
  const rig = new Rig();
  const host = rig.client('host', { mount });
  const reader = host.process();
  const remover = host.process();
  const elsewhere = rig.client('elsewhere').process();
  await rig.advanceTo(1_000);
  await rig.run(elsewhere.fs.writeFile(F, 'content', { exclusive: true }));
  return { rig, host, reader, remover, elsewhere };
}

describe('silly rename', () => {
  describe('unlinking a file another process on the same client has open', () => {
    it('renames it to .nfsXXXX instead of removing it', async () => {
      const { rig, reader, remover } = await setup();
      const reading = await readHeldOpen(rig, reader, F);

      await rig.run(remover.fs.unlink(F));

      expect(reading.state).toBe('pending');
      const names = rig.files();
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(SILLY);
      expect(rig.received('RENAME', 'host')).toHaveLength(1);
      expect(rig.received('REMOVE', 'host')).toEqual([]);
      expect(rig.faults('silly-rename')).toHaveLength(1);
    });

    it('makes the name disappear for everyone at once', async () => {
      const { rig, reader, remover } = await setup();
      const reading = await readHeldOpen(rig, reader, F);
      await rig.run(remover.fs.unlink(F));

      expect(await rig.errno(remover.fs.stat(F))).toBe('ENOENT');
      expect(rig.truth.exists(F)).toBe(false);
      const third = rig.client('third').process();
      expect(await rig.errno(third.fs.stat(F))).toBe('ENOENT');
      await rig.run(reading.promise);
    });

    it('lets the open file still be read, and removes the .nfs name at last close', async () => {
      const { rig, reader, remover } = await setup();
      const reading = await readHeldOpen(rig, reader, F);
      await rig.run(remover.fs.unlink(F));

      const read = await rig.run(reading.promise);

      expect(read.data).toBe('content');
      expect(rig.files()).toEqual([]);
      expect(rig.faults('estale')).toEqual([]);
    });

    it('removes it only when the last of several opens closes', async () => {
      const { rig, host, reader, remover } = await setup();
      const first = await readHeldOpen(rig, reader, F, STALL_MS);
      const second = await readHeldOpen(rig, host.process(), F, 4 * STALL_MS);
      await rig.run(remover.fs.unlink(F));

      await rig.run(first.promise);
      expect(rig.files()).toHaveLength(1);
      expect(second.state).toBe('pending');

      expect((await rig.run(second.promise)).data).toBe('content');
      expect(rig.files()).toEqual([]);
    });

    it('still happens with lookupcache=none: the open file pins its name', async () => {
      const { rig, reader, remover } = await setup({ lookupcache: 'none' });
      const reading = await readHeldOpen(rig, reader, F);

      await rig.run(remover.fs.unlink(F));

      expect(rig.files()).toHaveLength(1);
      expect(rig.files()[0]).toMatch(SILLY);
      expect((await rig.run(reading.promise)).data).toBe('content');
      expect(rig.files()).toEqual([]);
    });

    it('follows the file when the client renamed it: its new name is protected', async () => {
      const { rig, reader, remover } = await setup();
      const reading = await readHeldOpen(rig, reader, F);
      await rig.run(remover.fs.rename(F, G));

      await rig.run(remover.fs.unlink(G));

      expect(rig.files()).toHaveLength(1);
      expect(rig.files()[0]).toMatch(SILLY);
      expect((await rig.run(reading.promise)).data).toBe('content');
      expect(rig.files()).toEqual([]);
    });

    it('does not happen for another name of the open file: that name is simply removed', async () => {
      // Linux silly-renames a dentry in use (nfs_unlink); a hard link's other name is not in use.
      const { rig, reader, remover, elsewhere } = await setup();
      await rig.run(elsewhere.fs.link(F, G));
      await rig.run(remover.fs.stat(G));
      const reading = await readHeldOpen(rig, reader, F);

      await rig.run(remover.fs.unlink(G));

      expect(rig.files()).toEqual(['f']);
      expect(rig.truth.getattrPath(F).nlink).toBe(1);
      expect(rig.faults('silly-rename')).toEqual([]);
      await rig.run(reading.promise);
    });
  });

  describe('renaming another file over one a process on the same client has open', () => {
    it('silly-renames the open file first, so the reader keeps it until it closes', async () => {
      // Linux's nfs_rename does this for a busy target.
      const { rig, reader, remover } = await setup();
      const reading = await readHeldOpen(rig, reader, F);
      await rig.run(remover.fs.writeFile(G, 'replacement', { exclusive: true }));

      await rig.run(remover.fs.rename(G, F));

      expect(rig.files()).toHaveLength(2);
      expect(rig.files()).toContain('f');
      expect((await rig.run(reading.promise)).data).toBe('content');
      expect(rig.files()).toEqual(['f']);
      expect((await rig.run(remover.fs.read(F, READ))).data).toBe('replacement');
    });
  });

  describe('unlinking a file that a process on another client has open', () => {
    it('removes it at once, and the reader then gets ESTALE', async () => {
      const { rig, reader, elsewhere } = await setup();
      const reading = await readHeldOpen(rig, reader, F);

      await rig.run(elsewhere.fs.unlink(F));
      expect(rig.files()).toEqual([]);

      expect(await rig.errno(reading.promise)).toBe('ESTALE');
      expect(rig.faults('estale')).toMatchObject([{ client: 'host', pid: reader.pid }]);
      expect(rig.faults('silly-rename')).toEqual([]);
    });
  });

  describe('unlinking a file nobody has open', () => {
    it('removes it', async () => {
      const { rig, remover } = await setup();
      await rig.run(remover.fs.stat(F));
      await rig.run(remover.fs.unlink(F));
      expect(rig.files()).toEqual([]);
      expect(rig.faults('silly-rename')).toEqual([]);
    });
  });
});
