import { describe, expect, it } from 'vitest';
import { LIVENESS_CHECK_MS } from '../src/protocol/waiter.js';

// Constants the documents and the lock's tests in packages/lock-tests state as numbers.
describe('protocol constants', () => {
  it("a waiter checks a same-host holder's pid every 50 ms (docs/protocol.md, hazard-h12-dead-holder.test.ts)", () => {
    expect(LIVENESS_CHECK_MS).toBe(50);
  });
});
