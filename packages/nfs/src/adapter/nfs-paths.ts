import { posix } from 'node:path';

/**
 * Adapter paths are paths inside the export: `/` is the export's root, a relative path is taken
 * from there, and `..` never climbs out of it (as in a chroot).
 */
export function normalizeInExport(path: string): string {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new TypeError(
      `NfsAdapter: expected a path inside the export, got ${JSON.stringify(path)}`,
    );
  }
  return posix.resolve('/', path);
}

/** The directory holding `path` and its last name; undefined for the export's root. */
export function splitPath(path: string): { directory: string; name: string } | undefined {
  if (path === '/') return undefined;
  return { directory: posix.dirname(path), name: posix.basename(path) };
}
