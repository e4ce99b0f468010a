import { describe, expect, it } from 'vitest';
import type { MountOptions } from '../../src/client/mount-options.js';
import { DIR, inDir, Rig } from './support/rig.js';

const X = inDir('x');
const Y = inDir('y');
const ACDIRMIN_MS = 30_000;

/** Another client ('other') and the client under test ('observer'), which lists first. */
async function setup(mount: Partial<MountOptions> = {}) {
  const rig = new Rig();
  const other = rig.client('other').process();
  const observer = rig.client('observer', { mount }).process();
  await rig.advanceTo(1_000);
  await rig.run(other.fs.writeFile(X, 'x', { exclusive: true }));
  expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x']);
  return { rig, other, observer, listedAt: rig.now() };
}

describe('listing cache (H19)', () => {
  it("lists without a name another client created, until the directory's attributes expire", async () => {
    const { rig, other, observer, listedAt } = await setup();
    await rig.run(other.fs.writeFile(Y, 'y', { exclusive: true }));

    await rig.advanceTo(listedAt + ACDIRMIN_MS - 1);
    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x']);
    expect(rig.faults('stale-listing').map((fault) => fault.detail)).toContain(
      `${DIR}: unlisted y; listed but gone -`,
    );

    await rig.advanceTo(listedAt + ACDIRMIN_MS);
    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x', 'y']);
  });

  it('keeps listing a name another client removed', async () => {
    const { rig, other, observer, listedAt } = await setup();
    await rig.run(other.fs.unlink(X));

    await rig.advanceTo(listedAt + ACDIRMIN_MS - 1);
    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x']);
  });

  it('serves an unchanged directory from the cache: a GETATTR, no READDIR', async () => {
    const { rig, observer, listedAt } = await setup();
    const readdirs = rig.received('READDIR', 'observer').length;

    await rig.advanceTo(listedAt + ACDIRMIN_MS * 3);
    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x']);

    expect(rig.received('READDIR', 'observer')).toHaveLength(readdirs);
    expect(rig.faults('stale-listing')).toEqual([]);
  });

  it("shows the client's own change at once", async () => {
    const { rig, observer } = await setup();
    await rig.run(observer.fs.writeFile(Y, 'y', { exclusive: true }));

    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x', 'y']);
  });

  it('is refreshed by a lookup that brings newer directory attributes', async () => {
    const { rig, other, observer, listedAt } = await setup({ lookupcache: 'none' });
    await rig.run(other.fs.writeFile(Y, 'y', { exclusive: true }));
    await rig.advanceTo(listedAt + 10);

    await rig.run(observer.fs.stat(Y)); // LOOKUP: its reply carries the directory's attributes

    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x', 'y']);
  });

  it("caches nothing under noac: every listing is the server's", async () => {
    const { rig, other, observer } = await setup({ noac: true });
    await rig.run(other.fs.writeFile(Y, 'y', { exclusive: true }));

    expect(await rig.run(observer.fs.readdir(DIR))).toEqual(['x', 'y']);
    expect(rig.faults('stale-listing')).toEqual([]);
  });
});
