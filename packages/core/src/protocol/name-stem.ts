import { fnv1a64 } from './fnv1a.js';

/** The most bytes a file name may have (NAME_MAX on Linux, the BSDs and macOS; UTF-8 bytes). */
export const NAME_MAX_BYTES = 255;

/** Separates a shortened stem's prefix from its hash: `<prefix>~<16 hex digits>`. */
const STEM_MARKER = '~';
const STEM_HASH_LENGTH = 16;
/**
 * Line breaks: a claim's name is written into its owner record, one field a line, so a lock
 * whose name has one derives every name from a stem without (see {@link nameStem}).
 */
const LINE_BREAK = /[\n\r]/;
const LINE_BREAKS = /[\n\r]/g;

/** Whether a name can start the lock's derived names itself (it has no line break). */
export function fitsInRecord(basename: string): boolean {
  return !LINE_BREAK.test(basename);
}

/**
 * The number of UTF-8 bytes of `text`: what a filesystem counts against NAME_MAX. Counted by
 * UTF-16 code unit (no string is made per character): one byte each up to U+007F, two up to
 * U+07FF, four for a surrogate pair, three for the rest (a lone surrogate is U+FFFD, below).
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 2;
      index += 1;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The stem that names ending in a suffix of up to `suffixBytes` bytes start with: the lock's
 * basename itself when every such name fits in NAME_MAX, else a shortened stem, the longest
 * prefix of the basename (cut between characters) that leaves room for `~` and a hash of the
 * whole basename. The hash keeps two long names that share a prefix apart; the prefix keeps the
 * names recognisable in a listing. A basename with a line break always gets a shortened stem,
 * its line breaks in the prefix made `_` (a record holds a claim's name on one line).
 */
export function nameStem(basename: string, suffixBytes: number): string {
  const budget = NAME_MAX_BYTES - suffixBytes;
  if (utf8Length(basename) <= budget && fitsInRecord(basename)) return basename;
  const room = budget - STEM_MARKER.length - STEM_HASH_LENGTH;
  const prefix = utf8Prefix(basename, room).replace(LINE_BREAKS, '_');
  return `${prefix}${STEM_MARKER}${fnv1a64(basename)}`;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes, cut between characters. */
function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    bytes += utf8LengthOf(character);
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return text.slice(0, end);
}

/** A lone surrogate is encoded as U+FFFD (3 bytes), as TextEncoder and Node's paths do. */
function utf8LengthOf(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}
