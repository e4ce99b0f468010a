import { describe, expect, it } from 'vitest';
import { nodeRandom } from '../src/node-random.js';

describe('nodeRandom', () => {
  it('draws numbers in [0, 1)', () => {
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const x = nodeRandom.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / n).toBeGreaterThan(0.45);
    expect(sum / n).toBeLessThan(0.55);
  });

  it('makes filename-safe nonces without dots', () => {
    for (let i = 0; i < 1_000; i++) {
      const nonce = nodeRandom.nonce();
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(nonce).not.toContain('.');
    }
  });

  it('makes unique nonces', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(nodeRandom.nonce());
    expect(seen.size).toBe(20_000);
  });
});
