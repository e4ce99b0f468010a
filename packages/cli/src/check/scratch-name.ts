import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The name of a check's scratch directory: marked as linklock's, and unique to this host,
 * process and run, so two checks of one directory never share it and a leftover says whose
 * it was (a check removes it on every path, also Ctrl-C; a SIGKILL cannot).
 */
export function scratchName(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  return `.linklock-check-${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
