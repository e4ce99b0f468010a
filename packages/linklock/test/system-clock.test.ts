import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/system-clock.js';

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('sleeps about the given time and removes its abort listener', async () => {
    const signal = new AbortController().signal;
    const start = performance.now();
    await systemClock.sleep(30, signal);
    expect(performance.now() - start).toBeGreaterThanOrEqual(25);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('resolves a zero, negative or NaN sleep promptly', async () => {
    await systemClock.sleep(0);
    await systemClock.sleep(-5);
    await systemClock.sleep(Number.NaN);
  });

  it('rejects at once with the reason of an already aborted signal', async () => {
    const reason = new Error('stop');
    const start = performance.now();
    await expect(systemClock.sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('rejects with the reason when aborted while sleeping, and cleans up', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const start = performance.now();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await expect(sleeping).rejects.toBe(reason);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('does not fire early for delays beyond the timer limit', async () => {
    const controller = new AbortController();
    let settled = false;
    const sleeping = systemClock.sleep(2 ** 32, controller.signal).then(
      () => {
        settled = true;
      },
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    controller.abort();
    await sleeping;
    expect(settled).toBe(false);
  });

  it('an unref sleep does not keep the process alive', () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `import(${JSON.stringify(entry)}).then(({ systemClock }) => {
      systemClock.sleep(60_000, undefined, { unref: true }).then(() => console.log('woke'));
    });`;
    const start = Date.now();
    const output = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(output).toBe('');
    expect(Date.now() - start).toBeLessThan(15_000);
  });

  it('schedule runs the callback once after the delay, and never once cancelled', async () => {
    const schedule = systemClock.schedule;
    if (schedule === undefined) throw new Error('systemClock must offer schedule()');
    const fired: string[] = [];
    const start = performance.now();
    let firedAfter = 0;
    schedule(20, () => {
      fired.push('kept');
      firedAfter = performance.now() - start;
    });
    const cancel = schedule(10, () => fired.push('cancelled'));
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(fired).toEqual(['kept']);
    expect(firedAfter).toBeGreaterThanOrEqual(15);
  });

  it('an unref schedule does not keep the process alive; a ref one does', () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const run = (unref: boolean) =>
      execFileSync(
        process.execPath,
        [
          '-e',
          `import(${JSON.stringify(entry)}).then(({ systemClock }) => {
            systemClock.schedule(300, () => console.log('fired'), { unref: ${unref} });
          });`,
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
    expect(run(true)).toBe('');
    expect(run(false)).toBe('fired\n');
  });
});
