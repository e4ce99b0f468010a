import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

const LOCK_PATH = /jobs\.lock$/;

// NFS: LINK is not idempotent. The server made the link, the reply was lost, and the
// retransmission (missing the duplicate request cache) answered EEXIST; a soft mount may
// answer EIO instead. flufl.lock raised AlreadyLockedError although it held the lock.
describe('H3: link() took effect but the caller got EEXIST or EIO', () => {
  for (const code of ['EEXIST', 'EIO', 'ETIMEDOUT']) {
    it(`recognises its own nonce in the lock file after ${code}: it holds the lock`, async () => {
      const world = new World();
      const a = world.process('a');
      a.fs.addRule({ op: 'link', path: LOCK_PATH, errno: code, phase: 'after', times: 1 });
      await a.lock.lock({ timeout: 0 });
      expect(a.lock.held).toBe(true);
      expect(await a.lock.state()).toBe('ours');
      expect(a.logger.alarms()).toEqual([]);
      await a.lock.unlock();
      expect(world.files()).toEqual([]);
    });
  }

  it('propagates EIO when the link did not take effect, and leaves no claim file', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'link', path: LOCK_PATH, errno: 'EIO', phase: 'before', times: 1 });
    await expect(a.lock.lock()).rejects.toMatchObject({ code: 'EIO' });
    expect(a.lock.held).toBe(false);
    expect(world.files()).toEqual([]);
  });
});

describe('H3 for the claim file: exclusive create took effect but the caller got EEXIST', () => {
  it('recognises its own claim and goes on; nothing leaks', async () => {
    const world = new World();
    const a = world.process('a');
    a.fs.addRule({ op: 'writeFile', path: /\.claim\./, errno: 'EEXIST', phase: 'after', times: 1 });
    await a.lock.lock({ timeout: 0 });
    expect(a.lock.held).toBe(true);
    await a.lock.unlock();
    expect(world.files()).toEqual([]);
  });
});

describe('H3 with a displaced lock: our unseen link was moved aside and put back marked', () => {
  it('the waiter removes its displaced lock and starts over instead of waiting on its own claim forever', async () => {
    const world = new World();
    const waiter = world.process('waiter');
    waiter.fs.addRule({
      op: 'link',
      path: /jobs\.lock$/,
      errno: 'EEXIST',
      phase: 'after',
      times: 1,
    });
    const looking = waiter.fs.pause({ op: 'read', path: /jobs\.lock$/, phase: 'before' });
    const locking = waiter.lock.lock({ timeout: 60_000 });
    await looking.reached; // linked (unseen), about to look
    // Meanwhile another process moved the lock aside by mistake and put it back, marked.
    const data = world.read('jobs.lock');
    const offset = Buffer.byteLength(data.slice(0, data.indexOf('\nnonce '))) + '\nnonce '.length;
    const marked = `${data.slice(0, offset)}!${data.slice(offset + 1)}`;
    world.volume.writeFileSync('/locks/jobs.lock', marked);
    looking.release();
    await locking;
    expect(waiter.lock.held).toBe(true);
    expect(await waiter.lock.isLocked()).toBe(true);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });
});
