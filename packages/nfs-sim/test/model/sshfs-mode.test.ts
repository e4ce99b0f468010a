import { describe, expect, it } from 'vitest';
import { SSHFS_LIKE } from '../../src/client/mount-options.js';
import { SIM_EPOCH_MS } from '../../src/sim/client-clock.js';
import { inDir, Rig } from './support/rig.js';

const F = inDir('f');
const G = inDir('g');
const LOCK = inDir('jobs.lock');
const CLAIM = inDir('jobs.lock.claim');
const READ = { maxBytes: 1_000 };

/** A Linux NFS writer, an sshfs-like client and a Linux NFS client, sharing F ('one'). */
async function setup() {
  const rig = new Rig();
  const writer = rig.client('writer').process();
  const sshfs = rig.client('sshfs', { mount: SSHFS_LIKE }).process();
  const nfs = rig.client('nfs').process();
  await rig.advanceTo(1_234);
  await rig.run(writer.fs.writeFile(F, 'one', { exclusive: true }));
  return { rig, writer, sshfs, nfs };
}

describe('sshfs-like client mode', () => {
  it('reads content fresh at every open, but returns the cached attributes with it', async () => {
    const { rig, writer, sshfs } = await setup();
    await rig.run(sshfs.fs.read(F, READ));
    await rig.run(writer.fs.writeFile(F, 'one two'));

    const read = await rig.run(sshfs.fs.read(F, READ));

    expect(read.data).toBe('one two');
    expect(read.stats.size).toBe(3); // the attributes of the first open
  });

  it('caches attributes for its attribute timeout (20 s) whatever opens happen', async () => {
    const { rig, writer, sshfs } = await setup();
    await rig.run(sshfs.fs.read(F, READ));
    const cachedAt = rig.now();
    await rig.run(writer.fs.writeFile(F, 'one two'));

    await rig.advanceTo(cachedAt + 10_000);
    expect((await rig.run(sshfs.fs.read(F, READ))).stats.size).toBe(3);
    expect(await rig.run(sshfs.fs.stat(F))).toMatchObject({ size: 3 });
    expect(rig.received('GETATTR', 'sshfs')).toHaveLength(1); // the directory's, at the start

    await rig.advanceTo(cachedAt + 20_000);
    expect(await rig.run(sshfs.fs.stat(F))).toMatchObject({ size: 7 });
  });

  it('reports a link count of 1 for a file with two names', async () => {
    const { rig, writer, sshfs, nfs } = await setup();
    await rig.run(writer.fs.link(F, G));

    expect(rig.truth.getattrPath(F).nlink).toBe(2);
    expect(await rig.run(sshfs.fs.stat(F))).toMatchObject({ nlink: 1 });
    expect(await rig.run(sshfs.fs.stat(G))).toMatchObject({ nlink: 1 });
    expect(await rig.run(nfs.fs.stat(F))).toMatchObject({ nlink: 2 });
  });

  it('reports mtimes in whole seconds', async () => {
    const { rig, sshfs, nfs } = await setup();
    const truth = rig.truth.getattrPath(F).mtimeMs;
    expect(truth % 1_000).not.toBe(0); // created at 1.23… s

    expect((await rig.run(sshfs.fs.stat(F))).mtimeMs).toBe(SIM_EPOCH_MS + 1_000);
    expect((await rig.run(nfs.fs.stat(F))).mtimeMs).toBe(truth);
  });

  it('gives two names of one file different inode numbers', async () => {
    const { rig, writer, sshfs, nfs } = await setup();
    await rig.run(writer.fs.link(F, G));

    const [viaF, viaG] = [await rig.run(sshfs.fs.stat(F)), await rig.run(sshfs.fs.stat(G))];
    expect(viaF.ino).not.toBe(viaG.ino);
    expect((await rig.run(sshfs.fs.read(F, READ))).stats.ino).toBe(viaF.ino); // stable per name

    const [nfsF, nfsG] = [await rig.run(nfs.fs.stat(F)), await rig.run(nfs.fs.stat(G))];
    expect(nfsF.ino).toBe(nfsG.ino);
  });

  it('declares what it cannot be trusted with in its capabilities', async () => {
    const { rig } = await setup();
    const sshfs = rig.client('other sshfs', { mount: SSHFS_LIKE }).nfs.capabilities;
    expect(sshfs).toMatchObject({
      reliableNlink: false,
      reliableIno: false,
      mtimeResolutionMs: 1_000,
    });
    const nfs = rig.client('other nfs').nfs.capabilities;
    expect(nfs).toMatchObject({ reliableIno: true, mtimeResolutionMs: 1 });
  });

  describe('link onto an existing name', () => {
    it('fails with EPERM when the client has not looked the name up', async () => {
      const { rig, writer, sshfs } = await setup();
      await rig.run(writer.fs.writeFile(LOCK, 'held by writer', { exclusive: true }));
      await rig.run(sshfs.fs.writeFile(CLAIM, 'sshfs', { exclusive: true }));

      expect(await rig.errno(sshfs.fs.link(CLAIM, LOCK))).toBe('EPERM');
      expect(rig.truth.getattrPath(CLAIM).nlink).toBe(1); // nothing happened
      expect(rig.truth.getattrPath(LOCK).size).toBe(14);
    });

    it('fails with EPERM when the client last saw the name missing', async () => {
      const { rig, writer, sshfs } = await setup();
      expect(await rig.errno(sshfs.fs.stat(LOCK))).toBe('ENOENT');
      await rig.run(writer.fs.writeFile(LOCK, 'held by writer', { exclusive: true }));
      await rig.run(sshfs.fs.writeFile(CLAIM, 'sshfs', { exclusive: true }));

      expect(await rig.errno(sshfs.fs.link(CLAIM, LOCK))).toBe('EPERM');
    });

    it('fails with EEXIST when the client has looked the name up', async () => {
      const { rig, writer, sshfs } = await setup();
      await rig.run(writer.fs.writeFile(LOCK, 'held by writer', { exclusive: true }));
      await rig.run(sshfs.fs.writeFile(CLAIM, 'sshfs', { exclusive: true }));
      await rig.run(sshfs.fs.stat(LOCK));

      expect(await rig.errno(sshfs.fs.link(CLAIM, LOCK))).toBe('EEXIST');
    });

    it('fails with EEXIST on a Linux NFS client either way', async () => {
      const { rig, writer, nfs } = await setup();
      await rig.run(writer.fs.writeFile(LOCK, 'held by writer', { exclusive: true }));
      await rig.run(nfs.fs.writeFile(CLAIM, 'nfs', { exclusive: true }));

      expect(await rig.errno(nfs.fs.link(CLAIM, LOCK))).toBe('EEXIST');
    });
  });
});
