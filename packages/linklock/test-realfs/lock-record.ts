import { readFileSync } from 'node:fs';
import { parseRecord } from 'linklock';

/**
 * The expiry written in a lock file (on the clock its record names): a holder's refresh moves
 * it forward, so comparing two readings tells whether the holder refreshed in between.
 */
export function expiresField(lockfile: string): number {
  const record = parseRecord(readFileSync(lockfile, 'utf8'));
  if (record === undefined) throw new Error(`${lockfile} does not hold an owner record`);
  return record.expiresAt;
}
