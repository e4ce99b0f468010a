/**
 * The owner record: the content of a claim file, and so of the lock file once the claim is
 * linked to it. It is complete before the link, so a lock file is never seen half-written.
 *
 *   linklock 1
 *   host web1.example.com
 *   pid 4242
 *   boot 6f1c0d3e-...           (or -)
 *   pidns pid:[4026531836]      (or -)
 *   time filesystem             (or local: which clock `expires` is measured on)
 *   claim jobs.lock.claim.web1.4242.Zq3...
 *   nonce Zq3...
 *   token 0000000000000000      (fencing token, 0 = none)
 *   expires 0001764190000000
 *
 * The last two fields have a fixed width, so a refresh rewrites them in place (`writeAt`)
 * without changing the file's length. The expiry lives here rather than in the mtime: content
 * is served fresh on open by every filesystem tried (attributes are not, H17), and neither
 * mtime granularity nor `utimes` permissions matter (H13).
 */

export type TimeSource = 'filesystem' | 'local';

export interface OwnerRecord {
  hostname: string;
  pid: number;
  bootId: string | undefined;
  pidNamespace: string | undefined;
  timeSource: TimeSource;
  claim: string;
  nonce: string;
  token: number;
  expiresAt: number;
}

const MAGIC = 'linklock 1';
const MAGIC_LINE = `${MAGIC}\n`;
const NUMBER_WIDTH = 16;
/**
 * The largest value a fixed-width field holds: the largest integer a double represents exactly,
 * 16 digits. (10 ** 16 - 1 is not one: it rounds to 10 ** 16, whose 17 digits would shift the
 * tail a refresh rewrites and make the holder's own record unreadable.)
 */
export const MAX_FIXED = Number.MAX_SAFE_INTEGER;
/** Records are small; anything larger at the lock path is not one of ours (H16). */
export const MAX_RECORD_BYTES = 4096;

const TAIL_FIELDS = ['token', 'expires'] as const;
/** Length of `token <16 digits>\nexpires <16 digits>\n`, the part a refresh rewrites. */
export const RECORD_TAIL_LENGTH = TAIL_FIELDS.reduce(
  (length, key) => length + key.length + 1 + NUMBER_WIDTH + 1,
  0,
);

export function encodeRecord(record: OwnerRecord): string {
  return `${encodeHead(record)}claim ${record.claim}\nnonce ${record.nonce}\n${encodeTail(record.token, record.expiresAt)}`;
}

/** The fields of a record that depend only on the process and the time source. */
type Head = Pick<OwnerRecord, 'hostname' | 'pid' | 'bootId' | 'pidNamespace' | 'timeSource'>;

/** The head encoded last: a process writes the same one into every claim of a lock. */
let lastHead: { head: Head; text: string } | undefined;

/** The magic line and the fields before `claim`, each line ending in `\n`. */
function encodeHead(record: Head): string {
  const last = lastHead;
  if (last !== undefined && sameHead(last.head, record)) return last.text;
  const { hostname, pid, bootId, pidNamespace, timeSource } = record;
  const text = [
    MAGIC,
    `host ${oneLine(hostname)}`,
    `pid ${pid}`,
    `boot ${optional(bootId)}`,
    `pidns ${optional(pidNamespace)}`,
    `time ${timeSource}`,
    '',
  ].join('\n');
  lastHead = { head: { hostname, pid, bootId, pidNamespace, timeSource }, text };
  return text;
}

function sameHead(a: Head, b: Head): boolean {
  return (
    a.hostname === b.hostname &&
    a.pid === b.pid &&
    a.bootId === b.bootId &&
    a.pidNamespace === b.pidNamespace &&
    a.timeSource === b.timeSource
  );
}

/** The fixed-width tail (token and expiry) that a refresh writes at `length - RECORD_TAIL_LENGTH`. */
export function encodeTail(token: number, expiresAt: number): string {
  return `token ${fixed(token)}\nexpires ${fixed(expiresAt)}\n`;
}

/**
 * Whether `text` starts as a record does but is not one: most likely a record read short, as a
 * FUSE mount with an attribute cache serves one (H17: the read is clipped at a size it cached).
 */
export function looksCutShort(text: string): boolean {
  return text.startsWith(MAGIC_LINE) && parseRecord(text) === undefined;
}

/** Parses a record; `undefined` for anything that is not exactly a linklock record. */
export function parseRecord(text: string): OwnerRecord | undefined {
  if (text.length > MAX_RECORD_BYTES || !text.endsWith('\n')) return undefined;
  if (!text.startsWith(MAGIC_LINE)) return undefined;
  const fields = new RecordFields();
  // Line by line, `<key> <value>`; the last of a repeated key counts, unknown keys are skipped.
  for (let start = MAGIC_LINE.length; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const space = text.indexOf(' ', start);
    if (space <= start || space > end) return undefined;
    fields.set(text.slice(start, space), text.slice(space + 1, end));
    start = end + 1;
  }
  return fields.record();
}

/** The fields of a record being parsed, as their text. */
class RecordFields {
  host: string | undefined;
  pid: string | undefined;
  boot: string | undefined;
  pidns: string | undefined;
  time: string | undefined;
  claim: string | undefined;
  nonce: string | undefined;
  token: string | undefined;
  expires: string | undefined;

  set(key: string, value: string): void {
    // One assignment per key, not `this[key]`: a store under a computed name is a slow one.
    switch (key) {
      case 'host':
        this.host = value;
        break;
      case 'pid':
        this.pid = value;
        break;
      case 'boot':
        this.boot = value;
        break;
      case 'pidns':
        this.pidns = value;
        break;
      case 'time':
        this.time = value;
        break;
      case 'claim':
        this.claim = value;
        break;
      case 'nonce':
        this.nonce = value;
        break;
      case 'token':
        this.token = value;
        break;
      case 'expires':
        this.expires = value;
        break;
    }
  }

  record(): OwnerRecord | undefined {
    const { host: hostname, time: timeSource, claim, nonce } = this;
    const pid = integer(this.pid);
    const token = integer(this.token);
    const expiresAt = integer(this.expires);
    if (hostname === undefined || claim === undefined || nonce === undefined) return undefined;
    if (pid === undefined || token === undefined || expiresAt === undefined) return undefined;
    if (timeSource !== 'filesystem' && timeSource !== 'local') return undefined;
    return {
      hostname,
      pid,
      bootId: fromOptional(this.boot),
      pidNamespace: fromOptional(this.pidns),
      timeSource,
      claim,
      nonce,
      token,
      expiresAt,
    };
  }
}

function fixed(value: number): string {
  const clamped = Math.min(Math.max(Math.round(value), 0), MAX_FIXED);
  return String(clamped).padStart(NUMBER_WIDTH, '0');
}

/** The value of 1 to 16 decimal digits, nothing else; undefined otherwise. */
function integer(text: string | undefined): number | undefined {
  if (text === undefined || text.length < 1 || text.length > NUMBER_WIDTH) return undefined;
  let value = 0;
  for (let index = 0; index < text.length; index += 1) {
    const digit = text.charCodeAt(index) - DIGIT_0;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  // Every step is exact below 2 ** 53; above, Number() rounds the digits correctly (once).
  return value <= Number.MAX_SAFE_INTEGER ? value : Number(text);
}

const DIGIT_0 = 0x30;

/** How a text field (such as a hostname) reads back from a record. */
export function oneLine(text: string): string {
  return text.replace(/[\s]+/g, '_') || '-';
}

function optional(text: string | undefined): string {
  return text === undefined || text === '' ? '-' : oneLine(text);
}

function fromOptional(text: string | undefined): string | undefined {
  return text === undefined || text === '-' ? undefined : text;
}

/**
 * The nonce of a record that was moved aside by mistake and put back (see remove-verified.ts):
 * its first character replaced by `!`, which no real nonce contains. Same length, so the mark is
 * written in place; the owner's next look at its lock finds a nonce that is not its own.
 */
export function displacedNonce(nonce: string): string {
  return `!${nonce.slice(1)}`;
}

/** The byte offset of the nonce's value in an encoded record (where the displaced mark goes). */
export function nonceOffset(data: string): number | undefined {
  const index = data.indexOf('\nnonce ');
  return index < 0 ? undefined : utf8.encode(data.slice(0, index)).length + '\nnonce '.length;
}

const utf8 = new TextEncoder();
