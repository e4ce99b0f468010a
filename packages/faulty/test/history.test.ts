import { FaultyFs, formatHistory, type HistoryEntry } from '@linklock/faulty';
import { describe, expect, it, vi } from 'vitest';
import { memfsWorld } from './support/fixture.js';

describe(FaultyFs, () => {
  describe('history()', () => {
    it('records every call in order: op, paths, details, outcome', async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner);
      await fs.writeFile('/d/b', 'hello', { exclusive: true, mode: 0o600 });
      await fs.read('/d/b', { maxBytes: 64 });
      await fs.writeAt('/d/b', 2, 'XY');
      await fs.link('/d/a', '/d/b').catch(() => undefined);
      await fs.rename('/d/b', '/d/c');
      await fs.unlink('/d/c');
      await fs.stat('/d/c').catch(() => undefined);
      await fs.readdir('/d');
      const plain = fs.history().map(({ call, op, paths, details, outcome, injected }) => ({
        call,
        op,
        paths,
        details,
        outcome,
        injected,
      }));
      expect(plain).toEqual([
        {
          call: 1,
          op: 'writeFile',
          paths: ['/d/b'],
          details: { bytes: 5, exclusive: true, mode: 0o600 },
          outcome: 'ok',
          injected: false,
        },
        {
          call: 2,
          op: 'read',
          paths: ['/d/b'],
          details: { maxBytes: 64 },
          outcome: 'ok',
          injected: false,
        },
        {
          call: 3,
          op: 'writeAt',
          paths: ['/d/b'],
          details: { offset: 2, bytes: 2 },
          outcome: 'ok',
          injected: false,
        },
        {
          call: 4,
          op: 'link',
          paths: ['/d/a', '/d/b'],
          details: {},
          outcome: 'EEXIST',
          injected: false,
        },
        {
          call: 5,
          op: 'rename',
          paths: ['/d/b', '/d/c'],
          details: {},
          outcome: 'ok',
          injected: false,
        },
        { call: 6, op: 'unlink', paths: ['/d/c'], details: {}, outcome: 'ok', injected: false },
        { call: 7, op: 'stat', paths: ['/d/c'], details: {}, outcome: 'ENOENT', injected: false },
        { call: 8, op: 'readdir', paths: ['/d'], details: {}, outcome: 'ok', injected: false },
      ]);
    });

    it('marks injected failures with the rule name, or its position', async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner, {
        rules: [
          { op: 'stat', errno: 'ESTALE', name: 'stale handle', times: 1 },
          { op: 'readdir', errno: 'EIO' },
        ],
      });
      await fs.stat('/d/a').catch(() => undefined);
      await fs.stat('/d/a');
      await fs.readdir('/d').catch(() => undefined);
      expect(fs.history()).toMatchObject([
        { op: 'stat', outcome: 'ESTALE', injected: true, fault: 'stale handle' },
        { op: 'stat', outcome: 'ok', injected: false },
        { op: 'readdir', outcome: 'EIO', injected: true, fault: 'rule #2' },
      ]);
      expect(fs.history()[1]?.fault).toBeUndefined();
    });

    it("says which calls took effect although they failed (phase 'after')", async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner, {
        rules: [
          { op: 'link', errno: 'EIO', phase: 'after', name: 'lost reply' },
          { op: 'unlink', errno: 'EIO' },
        ],
      });
      await fs.link('/d/a', '/d/b').catch(() => undefined);
      await fs.unlink('/d/a').catch(() => undefined);
      const [link, unlink] = fs.history();
      expect(link).toMatchObject({ outcome: 'EIO', fault: 'lost reply', tookEffect: true });
      expect(unlink?.tookEffect).toBeUndefined();
    });

    it('times every call on the clock, with the latency it was given', async () => {
      const { inner, clock, time } = memfsWorld();
      const fs = new FaultyFs(inner, {
        clock,
        latency: { stat: { minMs: 10, meanMs: 0 }, readdir: { minMs: 25, meanMs: 0 } },
      });
      const start = time.now();
      await fs.stat('/d/a');
      time.advance(100);
      await fs.readdir('/d');
      expect(fs.history()).toMatchObject([
        { op: 'stat', startedAt: start, endedAt: start + 10, latencyMs: 10 },
        { op: 'readdir', startedAt: start + 110, endedAt: start + 135, latencyMs: 25 },
      ]);
    });

    it('records no times without a clock', async () => {
      const fs = new FaultyFs(memfsWorld().inner);
      await fs.stat('/d/a');
      const [entry] = fs.history();
      expect(entry).not.toHaveProperty('startedAt');
      expect(entry).not.toHaveProperty('endedAt');
      expect(entry).not.toHaveProperty('latencyMs');
    });

    it('shows a call in progress as pending', async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner);
      const gate = fs.pause({ op: 'stat' });
      const statting = fs.stat('/d/a');
      await gate.reached;
      expect(fs.history()).toMatchObject([{ op: 'stat', outcome: 'pending' }]);
      gate.release();
      await statting;
      expect(fs.history()).toMatchObject([{ op: 'stat', outcome: 'ok' }]);
    });

    it("shows a call paused after taking effect with its outcome (phase 'after')", async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner, {
        rules: [{ op: 'unlink', errno: 'EIO', phase: 'after' }],
      });
      const statGate = fs.pause({ op: 'stat', phase: 'after' });
      const statting = fs.stat('/d/a');
      await statGate.reached;
      expect(fs.history()).toMatchObject([{ op: 'stat', outcome: 'ok' }]);
      statGate.release();
      await statting;

      const linkGate = fs.pause({ op: 'link', phase: 'after' });
      const linking = fs.link('/d/a', '/d/a').catch(() => undefined);
      await linkGate.reached;
      expect(fs.history()[1]).toMatchObject({ op: 'link', outcome: 'EEXIST', injected: false });
      linkGate.release();
      await linking;

      const unlinkGate = fs.pause({ op: 'unlink', phase: 'after' });
      const unlinking = fs.unlink('/d/a').catch(() => undefined);
      await unlinkGate.reached;
      expect(fs.history()[2]).toMatchObject({
        op: 'unlink',
        outcome: 'EIO',
        injected: true,
        tookEffect: true,
      });
      unlinkGate.release();
      await unlinking;
      expect(fs.history().map((entry) => entry.outcome)).toEqual(['ok', 'EEXIST', 'EIO']);
    });

    it('with a filter lists the calls of one op on one path (link: the new name; rename: the old)', async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner);
      await fs.stat('/d/a');
      await fs.link('/d/a', '/d/b');
      await fs.stat('/d/b');
      await fs.rename('/d/b', '/d/c');
      await fs.stat('/d/ab').catch(() => undefined);
      const calls = (filter: Parameters<FaultyFs['history']>[0]) =>
        fs.history(filter).map((entry) => entry.call);
      expect(calls({ op: 'stat' })).toEqual([1, 3, 5]);
      expect(calls({ path: '/d/b' })).toEqual([2, 3, 4]);
      expect(calls({ op: 'stat', path: '/d/a' })).toEqual([1]); // a string matches exactly
      expect(calls({ op: 'stat', path: /\/d\/a/ })).toEqual([1, 5]);
      expect(calls({ op: 'link', path: '/d/a' })).toEqual([]); // link is about its new name
      expect(calls({ op: 'rename', path: '/d/c' })).toEqual([]); // rename about its old one
      expect(calls({})).toEqual([1, 2, 3, 4, 5]);
      expect(fs.history({ op: 'link' })).toEqual([fs.history()[1]]);
    });

    it("records a thrown error without a code as 'error'", async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs({
        capabilities: inner.capabilities,
        writeFile: inner.writeFile.bind(inner),
        read: inner.read.bind(inner),
        writeAt: inner.writeAt.bind(inner),
        link: inner.link.bind(inner),
        unlink: inner.unlink.bind(inner),
        rename: inner.rename.bind(inner),
        stat: () => Promise.reject(new Error('broken')),
        readdir: inner.readdir.bind(inner),
      });
      await fs.stat('/d/a').catch(() => undefined);
      expect(fs.history()[0]?.outcome).toBe('error');
    });
  });

  describe('describe()', () => {
    it('names the seed, how to replay it, and gives one line per call', async () => {
      const { inner, clock, time } = memfsWorld();
      const fs = new FaultyFs(inner, {
        seed: 99,
        clock,
        rules: [{ op: 'link', errno: 'EIO', phase: 'after', name: 'lost reply' }],
      });
      const start = time.now();
      await fs.stat('/d/a');
      await fs.link('/d/a', '/d/b').catch(() => undefined);
      expect(fs.describe()).toBe(
        [
          'FaultyFs seed 99 (replay with { seed: 99 }), 2 calls:',
          `#1 @${start} stat /d/a: ok`,
          `#2 @${start} link /d/a -> /d/b: EIO [lost reply, took effect]`,
        ].join('\n'),
      );
    });

    it('shows the number a string seed hashes to, which replays the same run', async () => {
      const run = async (seed: number | string) => {
        const fs = new FaultyFs(memfsWorld().inner, {
          seed,
          rules: [{ op: 'stat', errno: 'EIO', probability: 0.5 }],
        });
        for (let i = 0; i < 30; i += 1) await fs.stat('/d/a').catch(() => undefined);
        return fs;
      };
      const named = await run('nightly');
      const replaySeed = Number(/replay with \{ seed: (\d+) \}/.exec(named.describe())?.[1]);
      expect(replaySeed).toBe(named.seed);
      const replayed = await run(replaySeed);
      expect(replayed.history().map((entry) => entry.outcome)).toEqual(
        named.history().map((entry) => entry.outcome),
      );
    });
  });

  describe('printOnFailure()', () => {
    it('registers a callback with the hook that prints describe() when the test fails', async () => {
      const fs = new FaultyFs(memfsWorld().inner, { seed: 12 });
      const callbacks: Array<() => void> = [];
      const printed: string[] = [];
      fs.printOnFailure(
        (callback) => callbacks.push(callback),
        (text) => printed.push(text),
      );
      expect(callbacks).toHaveLength(1);
      expect(printed).toEqual([]);
      await fs.stat('/d/a');
      callbacks[0]!();
      expect(printed).toEqual([fs.describe()]);
      expect(printed[0]).toContain('FaultyFs seed 12');
      expect(printed[0]).toContain('#1 stat /d/a: ok');
    });

    it('prints to console.error by default', () => {
      const fs = new FaultyFs(memfsWorld().inner, { seed: 13 });
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        fs.printOnFailure((callback) => callback());
        expect(error).toHaveBeenCalledWith(fs.describe());
      } finally {
        error.mockRestore();
      }
    });
  });

  describe('formatHistory()', () => {
    it('formats entries without times and without faults plainly', () => {
      const entries: HistoryEntry[] = [
        { call: 1, op: 'unlink', paths: ['/x'], details: {}, outcome: 'ok', injected: false },
        {
          call: 2,
          op: 'rename',
          paths: ['/x', '/y'],
          details: {},
          outcome: 'ENOENT',
          injected: true,
          fault: 'rule #1',
        },
      ];
      expect(formatHistory(entries)).toBe('#1 unlink /x: ok\n#2 rename /x -> /y: ENOENT [rule #1]');
    });
  });
});
