import { VirtualClock } from '@linklock/conformance';
import { describe, expect, it } from 'vitest';

describe(VirtualClock, () => {
  // From docs/faulty.md's examples (packages/faulty/test/guide-examples.test.ts), which use it.
  it('the virtual clock wakes the earliest sleeper first', async () => {
    const clock = new VirtualClock(1_000);
    const woken: string[] = [];
    await Promise.all([
      clock.sleep(30).then(() => woken.push(`b@${clock.now()}`)),
      clock.sleep(10).then(() => woken.push(`a@${clock.now()}`)),
    ]);
    expect(woken).toEqual(['a@1010', 'b@1030']);
    const aborted = new AbortController();
    const sleeping = clock.sleep(50, aborted.signal);
    aborted.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('wakes sleepers with equal deadlines in the order they slept; monotonic follows', async () => {
    const clock = new VirtualClock(0);
    const woken: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => clock.sleep(10).then(() => woken.push(name))));
    expect(woken).toEqual(['a', 'b', 'c']);
    expect(clock.monotonic()).toBe(10);
  });

  it('starts on 15 June 2025 unless told otherwise', () => {
    expect(new VirtualClock().now()).toBe(Date.UTC(2025, 5, 15));
    expect(new VirtualClock(0).now()).toBe(0);
  });

  it('an aborted sleep rejects with the reason and wakes nobody', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(50, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    await expect(clock.sleep(1, AbortSignal.abort('already'))).rejects.toBe('already');
    await clock.sleep(5);
    expect(clock.now()).toBe(5);
  });

  it('advance() moves time by hand; a sleeper due meanwhile wakes at once, later ones on time', async () => {
    const clock = new VirtualClock(0);
    clock.advance(15_000);
    expect(clock.now()).toBe(15_000);
    expect(clock.monotonic()).toBe(15_000);
    const woken: number[] = [];
    const sleeping = clock.sleep(100).then(() => woken.push(clock.now()));
    clock.advance(500);
    await sleeping;
    expect(woken).toEqual([15_500]);
  });

  describe('view()', () => {
    it('is a clock on the same time line, offset ahead (or behind), monotonic unskewed', () => {
      const clock = new VirtualClock(10_000);
      const ahead = clock.view(7_000);
      const behind = clock.view(-600_000);
      expect(ahead.now()).toBe(17_000);
      expect(behind.now()).toBe(10_000 - 600_000);
      expect(clock.view().now()).toBe(10_000);
      clock.advance(1);
      expect(ahead.now()).toBe(17_001);
      expect(ahead.monotonic()).toBe(10_001);
      expect(behind.monotonic()).toBe(10_001);
    });

    it('reads a function offset at every look, so a test can step one process`s clock', () => {
      const clock = new VirtualClock(0);
      let offset = 0;
      const view = clock.view(() => offset);
      expect(view.now()).toBe(0);
      offset = -40_000;
      expect(view.now()).toBe(-40_000);
      expect(view.monotonic()).toBe(0);
    });

    it('sleeps on the shared time line and keeps the length of each of its own sleeps', async () => {
      const clock = new VirtualClock(0);
      const a = clock.view();
      const b = clock.view(5);
      await Promise.all([a.sleep(20), b.sleep(10)]);
      await a.sleep(3);
      expect(clock.now()).toBe(23);
      expect(a.sleeps).toEqual([20, 3]);
      expect(b.sleeps).toEqual([10]);
      const controller = new AbortController();
      const aborted = b.sleep(1_000, controller.signal);
      controller.abort('no');
      await expect(aborted).rejects.toBe('no');
      expect(b.sleeps).toEqual([10, 1_000]); // asked for, even if it never finished
    });
  });

  it('stop() wakes no one again: a case that ended leaves nothing spinning', async () => {
    const clock = new VirtualClock(0);
    let woken = false;
    void clock.sleep(10).then(() => {
      woken = true;
    });
    clock.stop();
    for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(woken).toBe(false);
    expect(clock.now()).toBe(0);
  });
});
