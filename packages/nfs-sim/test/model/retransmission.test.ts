import { describe, expect, it } from 'vitest';
import { inDir, ONE_WAY_MS, Pending, Rig, RPC_MS, TIMEO_MS } from './support/rig.js';

const X = inDir('x');
const LOCK = inDir('jobs.lock');
const MINUTE_MS = 60_000;

async function setup(rpc: { soft?: boolean; retrans?: number } = {}) {
  const rig = new Rig();
  const client = rig.client('client', { rpc });
  const p = client.process();
  await rig.advanceTo(1_000);
  return { rig, client, p };
}

describe('RPC retransmission', () => {
  describe('a lost request', () => {
    it('is sent again after timeo, and the operation happens once', async () => {
      const { rig, client, p } = await setup();
      const sentAt = rig.now();
      client.wire.dropRequests(1);

      await rig.run(p.fs.writeFile(X, 'x', { exclusive: true }));

      expect(rig.now()).toBe(sentAt + TIMEO_MS + RPC_MS);
      expect(rig.received('CREATE')).toMatchObject([
        { t: sentAt + TIMEO_MS + ONE_WAY_MS, retransmission: true, ran: true },
      ]);
      expect(rig.faults('lost-request')).toMatchObject([
        { t: sentAt, client: 'client', pid: p.pid, detail: 'CREATE' },
      ]);
    });

    it('is not reported as a request the server ran twice', async () => {
      // The server never saw the first transmission: nothing ran twice, so no drc-miss (the
      // checkers read drc-miss as "a non-idempotent request ran twice").
      const { rig, client, p } = await setup();
      client.wire.dropRequests(1);

      await rig.run(p.fs.writeFile(X, 'x', { exclusive: true }));

      expect(rig.faults('drc-miss')).toEqual([]);
    });

    it('waits twice as long before each further retransmission', async () => {
      const { rig, client, p } = await setup();
      const sentAt = rig.now();
      client.wire.dropRequests(3);

      await rig.run(p.fs.writeFile(X, 'x', { exclusive: true }));

      const expected = TIMEO_MS + 2 * TIMEO_MS + 4 * TIMEO_MS;
      expect(rig.received('CREATE')).toMatchObject([{ t: sentAt + expected + ONE_WAY_MS }]);
    });
  });

  describe('a lost reply', () => {
    it('is retransmitted with the same transaction id', async () => {
      const { rig, client, p } = await setup();
      client.wire.dropReplies('CREATE');

      await rig.run(p.fs.writeFile(X, 'x', { exclusive: true }));

      const [first, second] = rig.received('CREATE');
      expect(second!.xid).toBe(first!.xid);
      expect([first!.retransmission, second!.retransmission]).toEqual([false, true]);
      expect(second!.t - first!.t).toBe(TIMEO_MS);
    });

    it('of an idempotent request makes the server simply run it again, without drc faults', async () => {
      const { rig, client, p } = await setup();
      await rig.run(p.fs.writeFile(X, 'x', { exclusive: true }));
      await rig.advance(5_000);
      client.wire.dropReplies('GETATTR');

      await rig.run(p.fs.stat(X));

      expect(rig.received('GETATTR').filter((entry) => entry.ran)).toHaveLength(2);
      expect(rig.faults('drc-replay')).toEqual([]);
      expect(rig.faults('drc-miss')).toEqual([]);
    });
  });

  describe('on a soft mount', () => {
    it('fails with EIO after retrans retransmissions, each after a doubled timeout', async () => {
      const { rig, client, p } = await setup({ soft: true, retrans: 2 });
      const sentAt = rig.now();
      client.wire.requestsLost = true;

      expect(await rig.errno(p.fs.writeFile(X, 'x', { exclusive: true }))).toBe('EIO');

      expect(rig.now()).toBe(sentAt + TIMEO_MS + 2 * TIMEO_MS + 4 * TIMEO_MS);
      expect(rig.faults('lost-request')).toHaveLength(3); // the request and 2 retransmissions
      expect(rig.faults('soft-timeout')).toMatchObject([{ client: 'client', pid: p.pid }]);
      expect(rig.truth.exists(X)).toBe(false);
    });

    it('may fail with EIO after the operation took effect', async () => {
      const { rig, client, p } = await setup({ soft: true, retrans: 2 });
      await rig.run(p.fs.writeFile(X, 'claim', { exclusive: true }));
      client.wire.repliesLost = true;

      expect(await rig.errno(p.fs.link(X, LOCK))).toBe('EIO');

      expect(rig.truth.getattrPath(LOCK)).toMatchObject({ nlink: 2 });
      // The first transmission ran; the duplicate request cache answered the other two.
      expect(rig.received('LINK').map((entry) => entry.ran)).toEqual([true, false, false]);
    });
  });

  describe('on a hard mount', () => {
    it('keeps retransmitting, never giving up, the interval doubling up to 60 s', async () => {
      const { rig, client, p } = await setup();
      await rig.run(p.fs.writeFile(X, 'claim', { exclusive: true }));
      client.wire.repliesLost = true;

      const linking = new Pending(p.fs.link(X, LOCK));
      await rig.advance(10 * MINUTE_MS);

      expect(linking.state).toBe('pending');
      const times = rig.received('LINK').map((entry) => entry.t);
      const gaps = times.slice(1).map((t, index) => t - times[index]!);
      expect(gaps.slice(0, 6)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
      expect(gaps.slice(6)).toEqual(Array.from({ length: 8 }, () => MINUTE_MS));
      expect(rig.faults('soft-timeout')).toEqual([]);
    });

    it('completes once a reply gets through, the operation having run once', async () => {
      const { rig, client, p } = await setup();
      await rig.run(p.fs.writeFile(X, 'claim', { exclusive: true }));
      client.wire.repliesLost = true;
      const linking = new Pending(p.fs.link(X, LOCK));
      await rig.advance(5 * MINUTE_MS);

      client.wire.repliesLost = false;
      await rig.run(linking.promise);

      expect(rig.received('LINK').filter((entry) => entry.ran)).toHaveLength(1);
      expect(rig.truth.getattrPath(LOCK).nlink).toBe(2);
    });
  });
});
