import { type NfsConnectOptions, parseNfsUrl } from '@linklock/nfs';
import { UsageError } from '../usage-error.js';

/**
 * The connect options an `nfs://` URL spells: `parseNfsUrl` checks the form and every value
 * before any traffic, so whatever it rejects is the user's to fix (exit 2). Soft unless the URL
 * says `soft=0`: a command must end, and a hard mount would wait for a silent server for ever
 * (with its lock expiring meanwhile); soft, a lost server ends the command with ETIMEDOUT.
 */
export function nfsUrlOptions(command: string, url: string): NfsConnectOptions {
  try {
    return { soft: true, ...parseNfsUrl(url) };
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}
