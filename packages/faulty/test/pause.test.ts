import { FaultyFs } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld, settledYet, turns } from './support/fixture.js';

function setup() {
  const world = memfsWorld();
  const fs = new FaultyFs(world.inner, { clock: world.clock });
  return { ...world, fs };
}

describe(FaultyFs, () => {
  describe('pause()', () => {
    describe("phase 'before' (the default)", () => {
      it('reached resolves with the context of the matching call', async () => {
        const { fs, time } = setup();
        const gate = fs.pause({ op: 'link', path: '/d/b' });
        await fs.stat('/d/a');
        const linking = fs.link('/d/a', '/d/b');
        expect(await gate.reached).toEqual({
          op: 'link',
          path: '/d/b',
          paths: ['/d/a', '/d/b'],
          call: 2,
          now: time.now(),
        });
        gate.release();
        await linking;
      });

      it('holds the call without effect until released', async () => {
        const { fs, exists } = setup();
        const gate = fs.pause({ op: 'link' });
        const linking = fs.link('/d/a', '/d/b');
        await gate.reached;
        expect(await settledYet(linking)).toBe(false);
        expect(exists('/d/b')).toBe(false);
        expect(fs.history()[0]?.outcome).toBe('pending');
        gate.release();
        await linking;
        expect(exists('/d/b')).toBe(true);
        expect(fs.history()[0]?.outcome).toBe('ok');
      });

      it('lets calls that do not match pass meanwhile', async () => {
        const { fs, exists } = setup();
        const gate = fs.pause({ op: 'writeFile', path: /\.lock$/ });
        const locking = fs.writeFile('/d/x.lock', 'me');
        await gate.reached;
        await fs.writeFile('/d/x.tmp', 'other');
        await fs.link('/d/a', '/d/x.lock2');
        expect(exists('/d/x.tmp')).toBe(true);
        expect(exists('/d/x.lock')).toBe(false);
        gate.release();
        await locking;
        expect(exists('/d/x.lock')).toBe(true);
      });

      it('pauses the n-th matching call with nth, letting the earlier ones through', async () => {
        const { fs } = setup();
        const gate = fs.pause({ op: 'stat', nth: 2 });
        let reached = false;
        void gate.reached.then(() => {
          reached = true;
        });
        await fs.stat('/d/a');
        await turns(2);
        expect(reached).toBe(false);
        const second = fs.stat('/d/a');
        expect((await gate.reached).call).toBe(2);
        expect(await settledYet(second)).toBe(false);
        gate.release();
        await second;
      });

      it('pauses one call only: later matching calls pass', async () => {
        const { fs } = setup();
        const gate = fs.pause({ op: 'stat' });
        const first = fs.stat('/d/a');
        await gate.reached;
        await expect(fs.stat('/d/a')).resolves.toBeDefined();
        gate.release();
        await first;
      });

      it('releases two paused calls in the order the test chooses', async () => {
        for (const order of [
          ['b', 'c'],
          ['c', 'b'],
        ]) {
          const { fs, volume } = setup();
          const gates = {
            b: fs.pause({ op: 'writeFile', path: '/d/b' }),
            c: fs.pause({ op: 'writeFile', path: '/d/c' }),
          };
          const finished: string[] = [];
          const writes = (['b', 'c'] as const).map((name) =>
            fs.writeFile(`/d/${name}`, name).then(() => finished.push(name)),
          );
          await Promise.all([gates.b.reached, gates.c.reached]);
          const [firstName, secondName] = order as ['b' | 'c', 'b' | 'c'];
          gates[firstName].release();
          await turns(2);
          expect(volume.existsSync(`/d/${firstName}`)).toBe(true);
          expect(volume.existsSync(`/d/${secondName}`)).toBe(false);
          gates[secondName].release();
          await Promise.all(writes);
          expect(finished).toEqual(order);
        }
      });

      it('holds a call before a rule fails it: the failure comes after release', async () => {
        const { inner, clock } = memfsWorld();
        const fs = new FaultyFs(inner, { clock, rules: [{ op: 'unlink', errno: 'EIO' }] });
        const gate = fs.pause({ op: 'unlink' });
        const unlinking = fs.unlink('/d/a');
        await gate.reached;
        expect(await settledYet(unlinking)).toBe(false);
        gate.release();
        await expect(unlinking).rejects.toMatchObject({ code: 'EIO' });
      });
    });

    describe("phase 'after'", () => {
      it('holds the call after it took effect, before it returns', async () => {
        const { fs, exists } = setup();
        const gate = fs.pause({ op: 'unlink', path: '/d/a', phase: 'after' });
        const unlinking = fs.unlink('/d/a');
        expect((await gate.reached).op).toBe('unlink');
        expect(exists('/d/a')).toBe(false);
        expect(await settledYet(unlinking)).toBe(false);
        gate.release();
        await expect(unlinking).resolves.toBeUndefined();
      });

      it('also holds a call that failed, which then reports its error', async () => {
        const { fs } = setup();
        await fs.writeFile('/d/b', 'taken');
        const gate = fs.pause({ op: 'link', phase: 'after' });
        const linking = fs.link('/d/a', '/d/b');
        await gate.reached;
        expect(await settledYet(linking)).toBe(false);
        gate.release();
        await expect(linking).rejects.toMatchObject({ code: 'EEXIST' });
      });

      it("holds a call a phase 'after' rule is about to fail, after its effect", async () => {
        const { inner, clock, exists } = memfsWorld();
        const fs = new FaultyFs(inner, {
          clock,
          rules: [{ op: 'link', errno: 'EIO', phase: 'after' }],
        });
        const gate = fs.pause({ op: 'link', phase: 'after' });
        const linking = fs.link('/d/a', '/d/b');
        await gate.reached;
        expect(exists('/d/b')).toBe(true);
        expect(await settledYet(linking)).toBe(false);
        gate.release();
        await expect(linking).rejects.toMatchObject({ code: 'EIO' });
      });

      it('is not reached by a call held at a before gate until that one is released', async () => {
        const { fs, exists } = setup();
        const before = fs.pause({ op: 'link' });
        const after = fs.pause({ op: 'link', phase: 'after' });
        let afterReached = false;
        void after.reached.then(() => {
          afterReached = true;
        });
        const linking = fs.link('/d/a', '/d/b');
        await before.reached;
        await turns(2);
        expect(afterReached).toBe(false);
        before.release();
        await after.reached;
        expect(exists('/d/b')).toBe(true);
        after.release();
        await linking;
      });
    });

    it('forces the seed race: two link calls, the later one effective first', async () => {
      const { fs, volume } = setup();
      volume.writeFileSync('/d/claim-1', '1');
      volume.writeFileSync('/d/claim-2', '2');
      const first = fs.pause({ op: 'link', path: '/d/lock' });
      const one = fs
        .link('/d/claim-1', '/d/lock')
        .catch((error: NodeJS.ErrnoException) => error.code);
      await first.reached;
      await fs.link('/d/claim-2', '/d/lock');
      first.release();
      expect(await one).toBe('EEXIST');
      expect(String(volume.readFileSync('/d/lock', 'utf8'))).toBe('2');
    });
  });
});
