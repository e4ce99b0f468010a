import { describe, expect, it } from 'vitest';
import { ms } from '../../src/check/format-ms.js';
import { simulate } from '../../src/simulate.js';

describe('times in violation messages', () => {
  it('are milliseconds to one decimal', () => {
    expect(ms(2202.5914753512216)).toBe('2202.6 ms');
    expect(ms(15_000)).toBe('15000 ms');
    expect(ms(0.04)).toBe('0 ms');
  });

  it("a failing run's messages carry no long decimals", async () => {
    const result = await simulate({ seed: 12, profile: 'nfs', algorithm: 'mailman21' });
    expect(result.violations.length).toBeGreaterThan(0);
    for (const violation of result.violations) {
      expect(violation.message).not.toMatch(/\d\.\d{2,}/);
    }
  });
});
