import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/sim/scheduler.js';
import { runUntilSettled } from './support/rig.js';

/** Schedules a labelled event and records, when it fires, its label and the time. */
function recorder(scheduler: Scheduler) {
  const fired: { label: string; t: number }[] = [];
  const at = (t: number, label: string, owner?: number) =>
    scheduler.at(t, owner, () => fired.push({ label, t: scheduler.now() }));
  return { fired, at };
}

const all = () => false;

describe('Scheduler', () => {
  describe('order', () => {
    it('fires events in time order, ties in the order they were scheduled', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(5, 'e');
      at(1, 'a');
      at(5, 'f');
      at(3, 'c');
      at(1, 'b');
      at(3, 'd');

      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired.map((event) => event.label).join('')).toBe('abcdef');
      expect(fired.map((event) => event.t)).toEqual([1, 1, 3, 3, 5, 5]);
    });

    it('moves virtual time only by firing events: an hour passes at once', async () => {
      const scheduler = new Scheduler();
      const started = performance.now();

      await runUntilSettled(scheduler, scheduler.sleep(3_600_000, undefined));

      expect(scheduler.now()).toBe(3_600_000);
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it('never schedules into the past: an event asked for earlier fires now', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      await runUntilSettled(scheduler, scheduler.sleep(100, undefined));

      at(10, 'late');
      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired).toEqual([{ label: 'late', t: 100 }]);
    });

    it('counts the events it fired', async () => {
      const scheduler = new Scheduler();
      const { at } = recorder(scheduler);
      at(1, 'a');
      at(2, 'b');
      await scheduler.run(Number.POSITIVE_INFINITY, all);
      expect(scheduler.fired).toBe(2);
    });
  });

  describe('.run(untilMs, done)', () => {
    it('stops as soon as done() holds, leaving the rest pending', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(1, 'a');
      at(2, 'b');
      at(3, 'c');

      const stoppedByDone = await scheduler.run(Number.POSITIVE_INFINITY, () => fired.length === 2);
      expect(stoppedByDone).toBe(true);
      expect(fired.map((event) => event.label)).toEqual(['a', 'b']);

      await scheduler.run(Number.POSITIVE_INFINITY, all);
      expect(fired.map((event) => event.label)).toEqual(['a', 'b', 'c']);
    });

    it('stops before the first event after untilMs and fires it in a later run', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(10, 'early');
      at(50, 'late');

      expect(await scheduler.run(20, all)).toBe(false);
      expect(fired.map((event) => event.label)).toEqual(['early']);
      expect(scheduler.now()).toBe(10);

      await scheduler.run(Number.POSITIVE_INFINITY, all);
      expect(fired).toEqual([
        { label: 'early', t: 10 },
        { label: 'late', t: 50 },
      ]);
    });

    it('lets the promise continuations an event woke run before the next event', async () => {
      const scheduler = new Scheduler();
      const steps: string[] = [];
      const chain = (async () => {
        await scheduler.sleep(10, undefined);
        steps.push('woke at 10');
        await Promise.resolve();
        await Promise.resolve();
        steps.push(`still at ${scheduler.now()}`);
      })();
      scheduler.at(10, undefined, () => steps.push('other event at 10'));

      await runUntilSettled(scheduler, chain);
      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(steps).toEqual(['woke at 10', 'still at 10', 'other event at 10']);
    });
  });

  describe('.sleep(ms, owner, signal)', () => {
    it('resolves after ms of virtual time', async () => {
      const scheduler = new Scheduler();
      await runUntilSettled(scheduler, scheduler.sleep(250, 1));
      expect(scheduler.now()).toBe(250);
    });

    it('rejects with the signal reason when aborted, and its event never fires', async () => {
      const scheduler = new Scheduler();
      const controller = new AbortController();
      const sleeping = scheduler.sleep(1_000, 1, controller.signal);
      scheduler.at(100, undefined, () => controller.abort(new Error('stop')));

      await expect(runUntilSettled(scheduler, sleeping)).rejects.toThrow('stop');
      expect(scheduler.now()).toBe(100);

      await scheduler.run(Number.POSITIVE_INFINITY, all);
      expect(scheduler.fired).toBe(1); // the abort only: the sleep's own event was cancelled
      expect(scheduler.now()).toBe(100);
    });

    it('rejects at once when the signal is already aborted', async () => {
      const scheduler = new Scheduler();
      const reason = new Error('already');
      await expect(scheduler.sleep(1_000, 1, AbortSignal.abort(reason))).rejects.toBe(reason);
      expect(scheduler.now()).toBe(0);
    });
  });

  describe('.pause(owner, ms)', () => {
    it("defers the owner's events due during the pause to its end, in their original order", async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(5, 'p5', 7);
      at(1, 'p1', 7);
      at(3, 'p3', 7);
      at(3, 'p3b', 7);
      at(2, 'other', 8);
      at(200, 'p200', 7);

      scheduler.pause(7, 100);
      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired).toEqual([
        { label: 'other', t: 2 },
        { label: 'p1', t: 100 },
        { label: 'p3', t: 100 },
        { label: 'p3b', t: 100 },
        { label: 'p5', t: 100 },
        { label: 'p200', t: 200 },
      ]);
    });

    it('defers events the owner schedules while paused, after those already deferred', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(50, 'before pause', 7);
      scheduler.pause(7, 100);
      at(10, 'during pause', 7);
      at(10, 'not paused', 8);

      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired).toEqual([
        { label: 'not paused', t: 10 },
        { label: 'before pause', t: 100 },
        { label: 'during pause', t: 100 },
      ]);
    });

    it('does not fire a deferred event that was cancelled during the pause', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      const event = at(10, 'cancelled while paused', 7);
      scheduler.pause(7, 100);
      scheduler.at(50, undefined, () => {
        event.cancelled = true;
      });

      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired).toEqual([]);
    });

    it('rejects a sleep aborted during the pause without waiting for the pause to end', async () => {
      const scheduler = new Scheduler();
      const controller = new AbortController();
      const sleeping = scheduler.sleep(10, 7, controller.signal);
      scheduler.pause(7, 100);
      scheduler.at(50, undefined, () => controller.abort(new Error('gave up')));

      await expect(runUntilSettled(scheduler, sleeping)).rejects.toThrow('gave up');
      expect(scheduler.now()).toBe(50);
    });
  });

  describe('.crash(owner)', () => {
    it("drops the owner's pending events and every later one, and nobody else's", async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(10, 'doomed', 7);
      at(10, 'survivor', 8);
      scheduler.crash(7);
      at(20, 'after crash', 7);

      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired.map((event) => event.label)).toEqual(['survivor']);
      expect(scheduler.isCrashed(7)).toBe(true);
      expect(scheduler.isCrashed(8)).toBe(false);
    });

    it('drops events a pause had deferred', async () => {
      const scheduler = new Scheduler();
      const { fired, at } = recorder(scheduler);
      at(10, 'deferred', 7);
      scheduler.pause(7, 100);
      scheduler.crash(7);

      await scheduler.run(Number.POSITIVE_INFINITY, all);

      expect(fired).toEqual([]);
    });

    it('leaves a sleep of the crashed owner pending forever', async () => {
      const scheduler = new Scheduler();
      const sleeping = scheduler.sleep(10, 7);
      scheduler.crash(7);
      await expect(runUntilSettled(scheduler, sleeping)).rejects.toThrow('did not settle');
    });
  });
});
