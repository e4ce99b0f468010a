import { type NfsConnectOptions, parseNfsUrl } from '@linklock/nfs';
import { UsageError } from '../usage-error.js';

/**
 * The connect options an `nfs://` URL spells: `parseNfsUrl` checks the form and every value
 * before any traffic, so whatever it rejects is the user's to fix (exit 2).
 */
export function nfsUrlOptions(command: string, url: string): NfsConnectOptions {
  try {
    return parseNfsUrl(url);
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}
