/**
 * The report script's number formatting: format-time.ts's rule, for the page (times in
 * milliseconds to a tenth, other numbers to three decimals at most). A fragment of the page's
 * script (see report-script.ts): plain ES2017 text, no template literals, no backslashes. The
 * unit test of format-time.ts runs this text against the TypeScript on the same inputs.
 */
export const SCRIPT_FORMAT = `
  var NUMBER = /-?[0-9]+[.]([0-9]+)( ?ms)?/g;
  var WORD = /[A-Za-z0-9_]/;

  function rounded(value, per) { return String(Math.round(value * per) / per + 0); }

  function ms(t) { return rounded(t, 10) + ' ms'; }

  function roundNumbers(text) {
    text = String(text);
    return text.replace(NUMBER, function (match, decimals, unit, at) {
      var before = text.charAt(at - 1);
      if (before === '.' || WORD.test(before)) return match;
      var number = unit === undefined ? match : match.slice(0, match.length - unit.length);
      var value = Number(number);
      if (unit !== undefined && !WORD.test(text.charAt(at + match.length))) return decimals.length > 1 ? rounded(value, 10) + unit : match;
      var after = text.slice(at + number.length, at + number.length + 2);
      if (WORD.test(after.charAt(0)) || (after.charAt(0) === '.' && WORD.test(after.charAt(1)))) return match;
      return decimals.length > 3 ? rounded(value, 1000) + (unit === undefined ? '' : unit) : match;
    });
  }
`;
