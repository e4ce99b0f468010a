import { afterEach, describe, expect, it } from 'vitest';
import { onInterrupt, runInterruptCleanups } from '../src/interrupt-cleanup.js';

describe('interrupt cleanups', () => {
  afterEach(() => runInterruptCleanups());

  it('run the latest first (a directory in an export before its server), once each', () => {
    const ran: string[] = [];
    onInterrupt(() => ran.push('stop the server'));
    onInterrupt(() => ran.push('remove the directory'));
    runInterruptCleanups();
    runInterruptCleanups();
    expect(ran).toEqual(['remove the directory', 'stop the server']);
  });

  it('skip a cleanup that the normal path already did and unregistered', () => {
    const ran: string[] = [];
    onInterrupt(() => ran.push('kept'));
    const unregister = onInterrupt(() => ran.push('already done'));
    unregister();
    unregister();
    runInterruptCleanups();
    expect(ran).toEqual(['kept']);
  });

  it('go on past one that throws, and report it', () => {
    const ran: string[] = [];
    const reports: string[] = [];
    onInterrupt(() => ran.push('first registered'));
    onInterrupt(() => {
      throw new Error('teardown.sh failed');
    });
    runInterruptCleanups((message) => reports.push(message));
    expect(ran).toEqual(['first registered']);
    expect(reports).toEqual(['cleanup failed: teardown.sh failed']);
  });
});
