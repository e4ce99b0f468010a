import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { operationsWhileWaiting } from '../../src/trace/waiting-operations.js';
import { crash, end, enter, exit, release, start, trace } from '../check/support/trace-builder.js';

/** A file operation of pid (a link refused because the lock is taken). */
function op(t: number, pid: number): TraceEvent {
  return {
    t,
    kind: 'op',
    pid,
    client: `c${pid}`,
    op: 'link',
    path: '/export/locks/jobs.lock',
    result: 'EEXIST',
  };
}

describe('file operations while waiting', () => {
  it('counts the operations and the time of a wait while another process holds the lock', () => {
    const events = trace(
      start(0, 1),
      enter(0, 1),
      start(100, 2),
      op(100, 2),
      op(300, 2),
      op(600, 2),
      exit(1_100, 1),
      release(1_105, 1),
      op(1_102, 2),
      enter(1_106, 2),
      exit(1_200, 2),
      release(1_210, 2),
      end(2_000),
    );
    // Held by 1 from 0 to 1,100; pid 2 waits from 100: 1,000 ms, three operations in it (the
    // one during the release is the waiter taking a free lock).
    expect(operationsWhileWaiting(events)).toEqual({ operations: 3, waitingMs: 1_000, waits: 1 });
  });

  it('leaves out tryLock() and the time a waiter waited for nobody', () => {
    const events = trace(
      { t: 0, kind: 'acquire-start', pid: 3, client: 'c3', timeoutMs: 0 },
      op(0, 3),
      start(0, 1),
      enter(1, 1),
      op(2, 3),
      { t: 3, kind: 'acquire-failed', pid: 3, reason: 'busy' },
      start(10, 2),
      op(10, 2),
      exit(50, 1),
      release(60, 1),
      op(70, 2),
      enter(71, 2),
    );
    expect(operationsWhileWaiting(events)).toEqual({ operations: 1, waitingMs: 40, waits: 1 });
  });

  it('holds a dead holder’s lock until the next acquisition', () => {
    const events = trace(
      start(0, 1),
      enter(0, 1),
      start(10, 2),
      crash(100, 1),
      op(1_000, 2),
      op(20_000, 2),
      enter(25_010, 2),
      end(26_000),
    );
    expect(operationsWhileWaiting(events)).toEqual({ operations: 2, waitingMs: 25_000, waits: 1 });
  });
});
