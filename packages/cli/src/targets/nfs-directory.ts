import { posix } from 'node:path';
import type { NfsAdapter } from '@linklock/nfs';

/**
 * Rejects (ENOENT, ENOTDIR) when the directory of the lock file `adapter.path` is missing on
 * the server, naming it as the URL does (its path on the server), not as a path in the export.
 */
export async function requireNfsDirectory(adapter: NfsAdapter): Promise<void> {
  const directory = posix.dirname(adapter.path);
  const onServer = posix.join(adapter.exportPath, directory);
  const where = `on the NFS server ${adapter.host}:${adapter.port}`;
  let isDirectory: boolean;
  try {
    isDirectory = (await adapter.stat(directory)).isDirectory();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw directoryError(code, `the directory ${onServer} does not exist ${where}`);
  }
  if (!isDirectory) {
    // Over NFS the client resolves symbolic links, and this one does not: a link to a
    // directory is not one here.
    throw directoryError('ENOTDIR', `${onServer} ${where} is not a directory`);
  }
}

function directoryError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
