import { describe, expect, it } from 'vitest';
import { DuplicateRequestCache } from '../../src/server/duplicate-request-cache.js';
import { inDir, Rig, RPC_MS, TIMEO_MS } from './support/rig.js';

const CLAIM = inDir('jobs.lock.claim');
const LOCK = inDir('jobs.lock');
const OTHER = inDir('other');

/** A client that has created its claim file; the server's DRC holds `drcSize` replies. */
async function setup(drcSize: number) {
  const rig = new Rig({ drcSize });
  const client = rig.client('client');
  const p = client.process();
  await rig.advanceTo(1_000);
  await rig.run(p.fs.writeFile(CLAIM, 'me', { exclusive: true }));
  return { rig, client, p };
}

describe('duplicate request cache (DRC)', () => {
  describe('when it still holds the reply', () => {
    it('answers the retransmitted LINK from the cache: success, run once', async () => {
      const { rig, client, p } = await setup(64);
      client.wire.dropReplies('LINK');
      const sentAt = rig.now();

      await rig.run(p.fs.link(CLAIM, LOCK));

      expect(rig.now()).toBe(sentAt + TIMEO_MS + RPC_MS);
      expect(rig.received('LINK').map((entry) => entry.ran)).toEqual([true, false]);
      expect(rig.faults('drc-replay')).toMatchObject([{ client: 'client' }]);
      expect(rig.faults('drc-miss')).toEqual([]);
      expect(rig.truth.getattrPath(LOCK).nlink).toBe(2);
    });

    it('replays a failure as a failure: the answer is the original one', async () => {
      const { rig, client, p } = await setup(64);
      await rig.run(p.fs.writeFile(LOCK, 'someone else', { exclusive: true }));
      client.wire.dropReplies('LINK');

      expect(await rig.errno(p.fs.link(CLAIM, LOCK))).toBe('EEXIST');
      expect(rig.faults('drc-replay')).toHaveLength(1);
    });

    it('answers a retransmitted REMOVE with the success it had', async () => {
      const { rig, client, p } = await setup(64);
      client.wire.dropReplies('REMOVE');

      await rig.run(p.fs.unlink(CLAIM));

      expect(rig.truth.exists(CLAIM)).toBe(false);
      expect(rig.faults('drc-replay')).toHaveLength(1);
    });
  });

  describe('when it is absent (size 0)', () => {
    it('re-runs a retransmitted LINK, which answers EEXIST although it succeeded', async () => {
      const { rig, client, p } = await setup(0);
      client.wire.dropReplies('LINK');

      expect(await rig.errno(p.fs.link(CLAIM, LOCK))).toBe('EEXIST');

      expect(rig.truth.getattrPath(LOCK)).toMatchObject({ nlink: 2 }); // the first one worked
      expect(rig.received('LINK').map((entry) => entry.ran)).toEqual([true, true]);
      expect(rig.faults('drc-miss')).toMatchObject([{ client: 'client' }]);
      const ops = rig.trace.events.filter((event) => event.kind === 'op' && event.op === 'link');
      expect(ops).toMatchObject([{ pid: p.pid, path: LOCK, result: 'EEXIST' }]);
    });

    it('re-runs a retransmitted REMOVE, which answers ENOENT although it removed the file', async () => {
      const { rig, client, p } = await setup(0);
      client.wire.dropReplies('REMOVE');

      expect(await rig.errno(p.fs.unlink(CLAIM))).toBe('ENOENT');

      expect(rig.truth.exists(CLAIM)).toBe(false);
      expect(rig.faults('drc-miss')).toHaveLength(1);
    });

    it('re-runs a retransmitted exclusive CREATE, which succeeds again by its verifier (EXCLUSIVE)', async () => {
      // As nfs-ganesha does (packages/nfs/test-nfs/model-vs-server.test.ts): a GUARDED create
      // would answer EEXIST here, to the file it made itself.
      const { rig, client, p } = await setup(0);
      client.wire.dropReplies('CREATE');

      await rig.run(p.fs.writeFile(LOCK, 'mine', { exclusive: true }));

      expect(rig.faults('drc-miss')).toHaveLength(1);
      expect(rig.truth.read(rig.truth.getattrPath(LOCK).ino, LOCK).data).toBe('mine');
    });

    it('re-runs a retransmitted RENAME, which answers ENOENT although it moved the file', async () => {
      const { rig, client, p } = await setup(0);
      client.wire.dropReplies('RENAME');

      expect(await rig.errno(p.fs.rename(CLAIM, LOCK))).toBe('ENOENT');

      expect(rig.files()).toEqual(['jobs.lock']);
    });
  });

  describe('after a server restart', () => {
    it('has lost the reply: the retransmitted LINK runs again and answers EEXIST', async () => {
      const { rig, client, p } = await setup(64);
      client.wire.dropReplies('LINK');
      rig.scheduler.at(rig.now() + TIMEO_MS / 2, undefined, () => rig.host.restart());

      expect(await rig.errno(p.fs.link(CLAIM, LOCK))).toBe('EEXIST');

      expect(rig.faults().map((fault) => fault.what)).toEqual([
        'lost-reply',
        'server-restart',
        'drc-miss',
      ]);
      expect(rig.truth.getattrPath(LOCK).nlink).toBe(2);
    });
  });

  describe('being finite', () => {
    it('forgets the oldest replies: a retransmission after enough other requests runs again', async () => {
      const { rig, client, p } = await setup(1);
      const other = rig.client('other').process();
      client.wire.dropReplies('LINK');
      const linking = p.fs.link(CLAIM, LOCK);
      // While the client waits for its reply, another client's request takes the only slot.
      rig.scheduler.at(rig.now() + TIMEO_MS / 2, undefined, () => {
        other.fs.writeFile(OTHER, 'x', { exclusive: true }).catch(() => undefined);
      });

      expect(await rig.errno(linking)).toBe('EEXIST');
      expect(rig.faults('drc-miss')).toHaveLength(1);
    });
  });

  describe('DuplicateRequestCache', () => {
    const ok = (value: string) => ({ ok: true as const, value });

    it('remembers replies by transaction id', () => {
      const drc = new DuplicateRequestCache(2);
      drc.remember('c:1', ok('one'));
      drc.remember('c:2', { ok: false, code: 'EEXIST' });
      expect(drc.get('c:1')).toEqual(ok('one'));
      expect(drc.get('c:2')).toEqual({ ok: false, code: 'EEXIST' });
      expect(drc.get('c:3')).toBeUndefined();
    });

    it('drops the oldest entry beyond its capacity', () => {
      const drc = new DuplicateRequestCache(2);
      drc.remember('c:1', ok('one'));
      drc.remember('c:2', ok('two'));
      drc.remember('c:3', ok('three'));
      expect(drc.get('c:1')).toBeUndefined();
      expect(drc.get('c:2')).toEqual(ok('two'));
      expect(drc.get('c:3')).toEqual(ok('three'));
    });

    it('remembers nothing with capacity 0, and nothing after clear()', () => {
      const none = new DuplicateRequestCache(0);
      none.remember('c:1', ok('one'));
      expect(none.get('c:1')).toBeUndefined();

      const cleared = new DuplicateRequestCache(8);
      cleared.remember('c:1', ok('one'));
      cleared.clear();
      expect(cleared.get('c:1')).toBeUndefined();
    });
  });
});
