/**
 * How the report writes numbers. The trace's times are floats (2202.5914753512216 ms); a reader
 * needs a tenth of a millisecond at most, the simulator's quickest reply taking about 1 ms. The
 * rule, everywhere on the page (header, detail panel, tooltips, summary): a time is milliseconds
 * to a tenth, without a trailing zero (`2202.6 ms`, `5864 ms`), as the checkers write theirs;
 * any other number keeps at most three decimals. The page's script applies the same rule with
 * these very functions: report-page/ imports this module (it must stay free of Node imports).
 */

/** A time in milliseconds, to a tenth: `2202.6 ms` (the checkers' own rule, one function). */
export { ms as formatMs } from '../check/format-ms.js';

/** To a 1/`per`, written short (`4.1`, `4`); a value that rounds to zero is `0`, never `-0` (-0 + 0 is 0). */
function rounded(value: number, per: number): string {
  return String(Math.round(value * per) / per + 0);
}

// No backslash in these patterns: they are bundled into the page's script, which has none
// (render-report.test.ts).
const NUMBER = /-?[0-9]+[.]([0-9]+)( ?ms)?/g;
const WORD = /[A-Za-z0-9_]/;

/**
 * Free text with its numbers rounded by the rule above: the checkers' messages, log lines and
 * fault details may print full floats (`in since 2202.5914753512216 ms` becomes `in since
 * 2202.6 ms`). A number inside a name is left alone: the lock's file names read
 * `jobs.lock.c1.1004.ZPI2...`, where `1.1004` is no number (a letter or a dot comes before it,
 * or a letter or a dotted part after it).
 */
export function roundNumbersIn(text: string): string {
  return text.replace(
    NUMBER,
    (match: string, decimals: string, unit: string | undefined, at: number) => {
      const before = text.charAt(at - 1);
      if (before === '.' || WORD.test(before)) return match;
      const number = unit === undefined ? match : match.slice(0, match.length - unit.length);
      const value = Number(number);
      if (unit !== undefined && !WORD.test(text.charAt(at + match.length)))
        return decimals.length > 1 ? rounded(value, 10) + unit : match;
      const after = text.slice(at + number.length, at + number.length + 2);
      if (WORD.test(after.charAt(0)) || (after.charAt(0) === '.' && WORD.test(after.charAt(1))))
        return match;
      return decimals.length > 3 ? rounded(value, 1000) + (unit ?? '') : match;
    },
  );
}
