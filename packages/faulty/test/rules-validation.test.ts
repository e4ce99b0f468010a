import { type FaultRule, FaultyFs } from '@linklock/faulty';
import { describe, expect, it } from 'vitest';
import { memfsWorld } from './support/fixture.js';

/** A rule as an untyped caller (JavaScript, JSON config) might write it. */
function loose(rule: Record<string, unknown>): FaultRule {
  return rule as unknown as FaultRule;
}

function construct(...rules: FaultRule[]): () => FaultyFs {
  return () => new FaultyFs(memfsWorld().inner, { rules });
}

describe(FaultyFs, () => {
  describe('rules', () => {
    describe('validation', () => {
      it('rejects an unknown op with a TypeError naming the rule and the op', () => {
        expect(construct(loose({ op: 'chmod', errno: 'EIO' }))).toThrow(
          new TypeError(
            "FaultyFs rule #1: unknown op 'chmod'; expected one of writeFile, read, writeAt, link, unlink, rename, stat, readdir, utimes or '*'",
          ),
        );
      });

      it('rejects an unknown op inside an op array', () => {
        expect(construct(loose({ op: ['stat', 'open'], errno: 'EIO' }))).toThrow(TypeError);
        expect(construct(loose({ op: ['stat', 'open'], errno: 'EIO' }))).toThrow(
          /unknown op 'open'/,
        );
      });

      it('names the rule by position and by name', () => {
        expect(
          construct(
            { op: 'stat', errno: 'EIO' },
            loose({ op: 'mkdir', errno: 'EIO', name: 'lost mkdir' }),
          ),
        ).toThrow(/^FaultyFs rule #2 \(lost mkdir\): unknown op 'mkdir'/);
      });

      it('rejects a rule with both errno and translate', () => {
        expect(
          construct({ op: 'link', errno: 'EIO', translate: { from: 'EEXIST', to: 'EPERM' } }),
        ).toThrow(new TypeError('FaultyFs rule #1: give exactly one of `errno` or `translate`'));
      });

      it('rejects a rule with neither errno nor translate', () => {
        expect(construct({ op: 'link' })).toThrow(TypeError);
        expect(construct({ op: 'link' })).toThrow(
          /rule #1: give exactly one of `errno` or `translate`/,
        );
      });

      it("rejects translate with phase 'after'", () => {
        expect(
          construct({ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' }, phase: 'after' }),
        ).toThrow(TypeError);
        expect(
          construct({ op: 'link', translate: { from: 'EEXIST', to: 'EPERM' }, phase: 'after' }),
        ).toThrow(/rule #1: `translate` .* no phase 'after'/);
      });

      it('rejects an unknown phase', () => {
        expect(construct(loose({ op: 'link', errno: 'EIO', phase: 'during' }))).toThrow(
          new TypeError("FaultyFs rule #1: `phase` must be 'before' or 'after'"),
        );
      });

      for (const probability of [1.5, -0.1, Number.NaN]) {
        it(`rejects probability ${probability} with a RangeError`, () => {
          expect(construct({ op: 'stat', errno: 'EIO', probability })).toThrow(
            new RangeError(
              `FaultyFs rule #1: \`probability\` must be in [0, 1], got ${probability}`,
            ),
          );
        });
      }

      for (const nth of [0, -1, 1.5]) {
        it(`rejects nth ${nth} with a RangeError`, () => {
          expect(construct({ op: 'stat', errno: 'EIO', nth })).toThrow(
            new RangeError(`FaultyFs rule #1: \`nth\` must be an integer >= 1, got ${nth}`),
          );
        });
      }

      for (const times of [-1, 0.5, Number.POSITIVE_INFINITY]) {
        it(`rejects times ${times} with a RangeError`, () => {
          expect(construct({ op: 'stat', errno: 'EIO', times })).toThrow(
            new RangeError(`FaultyFs rule #1: \`times\` must be an integer >= 0, got ${times}`),
          );
        });
      }

      it('accepts the edges: probability 0 and 1, nth 1, times 0', () => {
        expect(
          construct(
            { op: 'stat', errno: 'EIO', probability: 0 },
            { op: 'stat', errno: 'EIO', probability: 1 },
            { op: 'stat', errno: 'EIO', nth: 1 },
            { op: 'stat', errno: 'EIO', times: 0 },
            { op: '*', translate: { from: 'EEXIST', to: 'EPERM' }, phase: 'before' },
          ),
        ).not.toThrow();
      });

      it('checks a rule added later too, numbered after the others', () => {
        const fs = construct({ op: 'stat', errno: 'EIO' })();
        expect(() => fs.addRule({ op: 'stat', errno: 'EIO', nth: 0 })).toThrow(
          /^FaultyFs rule #2: `nth`/,
        );
      });
    });
  });
});
