/**
 * JSON that can sit inside a `<script>` element. The HTML parser ends a script at `</script`
 * whatever JSON thinks of it, and `<!--` changes how it looks for that end, so every `<` is
 * written as its escape `\u003c`; U+2028 and U+2029 are escaped too, as some JavaScript
 * parsers took them for line ends inside strings. `JSON.parse` reads the result back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
