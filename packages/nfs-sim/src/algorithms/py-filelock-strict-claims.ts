import type { HostIdentity } from '@linklock/core';
import { SoftFileLockProtocolError } from './py-filelock-os.js';

/**
 * The claims of py-filelock 4's `StrictSoftFileLock` (`filelock/_strict.py`): their names
 * (`intent-v1-<token>.claim`, `held-v1-<token>.claim`), their records, and the order in which
 * the lowest token wins. Ported function by function; each names its Python original.
 */

export const CLAIM_MAGIC = 'filelock-strict-v1';
export const TOKEN_HEX_LENGTH = 32;

export type ClaimState = 'intent' | 'held';

/** `StrictSoftFileClaim`. */
export interface StrictSoftFileClaim {
  name: string;
  state: ClaimState;
  token: string;
  pid: number;
  hostname: string;
}

/** `_claim_record`: this process's claim, in the format `_parse_claim` reads. */
export function claimRecord(identity: HostIdentity, token: string): string {
  const { hostname, pid } = identity;
  const hostnameHex = Buffer.from(hostname, 'utf8').toString('hex');
  return `${CLAIM_MAGIC}\n${token}\n${pid}\n${hostnameHex}\n\n`;
}

/** `_claim_name`. */
export function claimName(state: ClaimState, token: string): string {
  return `${state}-v1-${token}.claim`;
}

/** `_claim_token_key`. */
export function claimTokenKey(name: string): string {
  if (name.startsWith('held-')) return name.slice('held-'.length);
  if (name.startsWith('intent-')) return name.slice('intent-'.length);
  return name;
}

/** `_parse_claim_name`. */
export function parseClaimName(name: string): { state: ClaimState; token: string } | null {
  if (!name.endsWith('.claim')) return null;
  const parts = name.slice(0, -'.claim'.length).split('-');
  if (parts.length !== 3) return null;
  const [state, version, token] = parts as [string, string, string];
  if ((state !== 'intent' && state !== 'held') || version !== 'v1') return null;
  if (token.length !== TOKEN_HEX_LENGTH || !/^[0-9a-f]*$/.test(token)) return null;
  return { state, token };
}

/** `_parse_claim`: a malformed record fails closed. */
export function parseClaim(
  lockFile: string,
  name: string,
  parts: { state: ClaimState; token: string },
  record: string,
): StrictSoftFileClaim {
  const malformed = () => new SoftFileLockProtocolError(lockFile, name, 'malformed claim record');
  const fields = record.split('\n');
  if (fields.length !== 6) throw malformed();
  const [magic, token, pidText, hostnameHex, startText, trailing] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const pid = /^\d+$/.test(pidText) ? Number(pidText) : Number.NaN;
  const hostname = /^(?:[0-9a-f]{2})*$/i.test(hostnameHex)
    ? Buffer.from(hostnameHex, 'hex').toString('utf8')
    : null;
  const valid =
    trailing === '' &&
    magic === CLAIM_MAGIC &&
    token === parts.token &&
    pid >= 1 &&
    pid <= 2 ** 31 - 1 &&
    String(pid) === pidText &&
    (startText === '' || /^(0|[1-9]\d*)$/.test(startText)) &&
    hostname !== null &&
    Buffer.from(hostname, 'utf8').toString('hex') === hostnameHex &&
    !/\s/.test(hostname);
  if (!valid) throw malformed();
  return { name, state: parts.state, token, pid, hostname: hostname as string };
}

/** Python's `min()` over strings: code point order. */
export function minimum(values: string[]): string | undefined {
  return values.reduce<string | undefined>(
    (least, value) => (least === undefined || compareCodePoints(value, least) < 0 ? value : least),
    undefined,
  );
}

/** Python's string order (code points); the names here are ASCII, where it is UTF-16's too. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
