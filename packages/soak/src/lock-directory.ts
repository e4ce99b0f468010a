import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecord } from 'linklock';
import type { DirectoryEntry } from './checks/leftovers.js';

/**
 * The files in the lock's directory, read through the backing directory (no cache between):
 * the lock file and the break guard with the pid of the record they hold, since their names
 * carry none.
 */
export function listLockDirectory(directory: string, lockName: string): DirectoryEntry[] {
  return readdirSync(directory).map((name) => {
    if (name !== lockName && name !== `${lockName}.break`) return { name };
    const recordPid = recordPidOf(join(directory, name));
    return recordPid === undefined ? { name } : { name, recordPid };
  });
}

function recordPidOf(path: string): number | undefined {
  try {
    return parseRecord(readFileSync(path, 'utf8'))?.pid;
  } catch {
    return undefined;
  }
}
