import { MAX_RECORD_SIZE } from './py-filelock-rw-files.js';
/**
 * The records of py-filelock 4's `SoftReadWriteLock` (`filelock/_soft_rw/_protocol.py`): a
 * snapshot `gen/<N>` (the writer and the readers of one generation) and a holder record
 * `holders/<token>`, encoded and parsed as the Python does (each names its original).
 */

export const PROTOCOL = 'filelock-rw/1';
export const GENERATION_DIGITS = 20;
export const TOKEN_HEX_LENGTH = 32;
/** `_RETAINED_GENERATIONS`: how many generations stay, and how far `latest` probes past a gap. */
export const RETAINED_GENERATIONS = 64;
export const GENERATIONS_DIRECTORY = 'gen';
export const HOLDERS_DIRECTORY = 'holders';
export const TEMPORARY_PREFIX = '.commit-';

/** `Snapshot`: the lock's state at one generation. */
export interface Snapshot {
  generation: number;
  writer: string | null;
  readers: ReadonlySet<string>;
}

/** `Snapshot.members`. */
export function members(snapshot: Snapshot): Set<string> {
  const all = new Set(snapshot.readers);
  if (snapshot.writer !== null) all.add(snapshot.writer);
  return all;
}

/** `Snapshot.encode`. */
export function encode(snapshot: Snapshot): string {
  const lines = [PROTOCOL, `generation=${snapshot.generation}`];
  if (snapshot.writer !== null) lines.push(`writer=${snapshot.writer}`);
  for (const token of [...snapshot.readers].sort()) lines.push(`reader=${token}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** `parse_snapshot`: the snapshot a record encodes, or null when it is malformed. */
export function parseSnapshot(data: string): Snapshot | null {
  if (data === '' || Buffer.byteLength(data) > MAX_RECORD_SIZE) return null;
  if (Buffer.byteLength(data) !== data.length) return null; // data.decode("ascii"): no byte above 0x7f
  const lines = data.split('\n');
  if (lines[0] !== PROTOCOL || lines.at(-1) !== '') return null;
  let generation: number | null = null;
  let writer: string | null = null;
  const readers = new Set<string>();
  for (const line of lines.slice(1, -1)) {
    const at = line.indexOf('=');
    const key = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? '' : line.slice(at + 1);
    if (
      key === 'generation' &&
      generation === null &&
      value.length <= GENERATION_DIGITS &&
      /^\d+$/.test(value) &&
      String(Number(value)) === value
    ) {
      generation = Number(value);
    } else if (key === 'writer' && writer === null && isToken(value)) {
      writer = value;
    } else if (key === 'reader' && isToken(value) && !readers.has(value)) {
      readers.add(value);
    } else {
      return null;
    }
  }
  return generation === null ? null : { generation, writer, readers };
}

/** `is_token`: exactly 32 lowercase hex digits. */
export function isToken(value: string): boolean {
  return value.length === TOKEN_HEX_LENGTH && /^[0-9a-f]*$/.test(value);
}

/** `encode_holder`: the `holders/<token>` record; only the nonce changes between heartbeats. */
export function encodeHolder(token: string, nonce: string, pid: number, host: string): string {
  return `${PROTOCOL}\ntoken=${token}\npid=${pid}\nhost=${host}\nnonce=${nonce}\n`;
}
