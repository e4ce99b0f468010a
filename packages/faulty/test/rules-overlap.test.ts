import { FaultyFs, nodeLikeError } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld } from './support/fixture.js';

async function outcomes(fs: FaultyFs, calls: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < calls; i += 1) {
    seen.push(
      await fs.writeFile(`/d/f${i}`, 'x').then(
        () => 'ok',
        (error: { code: string }) => error.code,
      ),
    );
  }
  return seen;
}

describe(FaultyFs, () => {
  describe('rules that concern the same calls', () => {
    it('count every call they concern, even one an earlier rule decided', async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner, {
        rules: [
          { op: 'writeFile', errno: 'EIO', nth: 1 },
          { op: 'writeFile', errno: 'ENOSPC', nth: 2 },
        ],
      });
      expect(await outcomes(fs, 4)).toEqual(['EIO', 'ENOSPC', 'ok', 'ok']);
    });

    it('a RegExp with the global flag matches every call, not every other one', async () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner, {
        rules: [{ op: 'writeFile', path: /\/d\/f/g, errno: 'EIO' }],
      });
      expect(await outcomes(fs, 4)).toEqual(['EIO', 'EIO', 'EIO', 'EIO']);
    });
  });

  describe('pause()', () => {
    it('refuses a spec that could never match, instead of hanging the test', () => {
      const { inner } = memfsWorld();
      const fs = new FaultyFs(inner);
      expect(() => fs.pause({ op: 'link', nth: 0 })).toThrow(RangeError);
      expect(() => fs.pause({ op: 'link', nth: 1.5 })).toThrow(/nth/);
      expect(() => fs.pause({ op: 'chmod' as 'link' })).toThrow(/unknown op 'chmod'/);
    });
  });

  describe('nodeLikeError()', () => {
    it('gives a code it does not know errno 0 (docs/faulty.md), not -0', () => {
      expect(Object.is(nodeLikeError('EWEIRD', 'open', '/x').errno, 0)).toBe(true);
      expect(nodeLikeError('ENOENT', 'open', '/x').errno).toBe(-2);
    });
  });
});
