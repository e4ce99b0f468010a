import { describe, expect, it } from 'vitest';
import { checkTokenOrder } from '../src/checks/token-order.js';
import type { Tenure } from '../src/tenure.js';

/** A tenure from its id, token, and the times its lock() call began and resolved. */
function tenure(id: string, token: number, lockCalledAtMs: number, acquiredAtMs: number): Tenure {
  return {
    id,
    slot: 0,
    pid: Number(id.split(':')[0]),
    token,
    lockCalledAtMs,
    acquiredAtMs,
    compromised: false,
    killed: false,
  };
}

describe('check 2: tokens follow the order of acquisitions', () => {
  it('passes tokens that rise from one tenure to the next', () => {
    const result = checkTokenOrder([
      tenure('10:1', 1, 0, 10),
      tenure('11:1', 2, 5, 30),
      tenure('12:1', 3, 31, 40),
    ]);
    expect(result.violations).toEqual([]);
    expect(result.checked).toBe('3 tenures, 3 distinct tokens');
  });

  it('passes a lower token for a call that began before the higher one entered (the times overlap)', () => {
    // 11:1 called lock() at 5, before 10:1 entered at 10: either may have won the lower token.
    const result = checkTokenOrder([tenure('10:1', 2, 0, 10), tenure('11:1', 1, 5, 30)]);
    expect(result.violations).toEqual([]);
  });

  it('fails a tenure that began after another entered but got a lower token', () => {
    const result = checkTokenOrder([tenure('10:1', 5, 0, 10), tenure('11:1', 4, 20, 30)]);
    expect(result.violations).toEqual([
      'tenure 11:1 began its lock() call after tenure 10:1 (token 5) had entered, yet got token 4',
    ]);
  });

  it('fails two tenures with one token, and a tenure without a token', () => {
    const result = checkTokenOrder([
      tenure('10:1', 7, 0, 10),
      tenure('11:1', 7, 5, 12),
      tenure('12:1', -1, 50, 60),
    ]);
    expect(result.violations).toEqual([
      'tenures 10:1 and 11:1 both got token 7',
      'tenure 12:1 got no fencing token (-1)',
    ]);
  });
});
