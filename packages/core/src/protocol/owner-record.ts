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
  return (
    [
      MAGIC,
      `host ${oneLine(record.hostname)}`,
      `pid ${record.pid}`,
      `boot ${optional(record.bootId)}`,
      `pidns ${optional(record.pidNamespace)}`,
      `time ${record.timeSource}`,
      `claim ${record.claim}`,
      `nonce ${record.nonce}`,
      '',
    ].join('\n') + encodeTail(record.token, record.expiresAt)
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
  return text.startsWith(`${MAGIC}\n`) && parseRecord(text) === undefined;
}

/** Parses a record; `undefined` for anything that is not exactly a linklock record. */
export function parseRecord(text: string): OwnerRecord | undefined {
  if (text.length > MAX_RECORD_BYTES || !text.endsWith('\n')) return undefined;
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== MAGIC) return undefined;
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const space = line.indexOf(' ');
    if (space <= 0) return undefined;
    fields.set(line.slice(0, space), line.slice(space + 1));
  }
  return recordFromFields(fields);
}

function recordFromFields(fields: Map<string, string>): OwnerRecord | undefined {
  const hostname = fields.get('host');
  const pid = integer(fields.get('pid'));
  const timeSource = fields.get('time');
  const claim = fields.get('claim');
  const nonce = fields.get('nonce');
  const token = integer(fields.get('token'));
  const expiresAt = integer(fields.get('expires'));
  if (hostname === undefined || claim === undefined || nonce === undefined) return undefined;
  if (pid === undefined || token === undefined || expiresAt === undefined) return undefined;
  if (timeSource !== 'filesystem' && timeSource !== 'local') return undefined;
  return {
    hostname,
    pid,
    bootId: fromOptional(fields.get('boot')),
    pidNamespace: fromOptional(fields.get('pidns')),
    timeSource,
    claim,
    nonce,
    token,
    expiresAt,
  };
}

function fixed(value: number): string {
  const clamped = Math.min(Math.max(Math.round(value), 0), MAX_FIXED);
  return String(clamped).padStart(NUMBER_WIDTH, '0');
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return undefined;
  return Number(text);
}

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
