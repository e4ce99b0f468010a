import { type NfsConnectOptions, parseNfsUrl } from '@linklock/nfs';
import { UsageError } from '../usage-error.js';

/** The connect options an `nfs://` URL spells; a malformed URL is the user's to fix (exit 2). */
export function nfsUrlOptions(command: string, url: string): NfsConnectOptions {
  try {
    return parseNfsUrl(url);
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}

/**
 * `NfsAdapter.connect` checks the values the URL parser passes on (a port of 0, a negative
 * uid, ...) before any network traffic and throws a TypeError or RangeError that starts with
 * this prefix. Those are usage errors too; anything else it throws is about the connection.
 */
const OPTION_CHECK_PREFIX = 'NfsAdapter.connect: ';

/** The {@link UsageError} a rejected option value of `url` is, or undefined for other errors. */
export function optionUsageError(
  command: string,
  url: string,
  error: unknown,
): UsageError | undefined {
  if (!(error instanceof TypeError || error instanceof RangeError)) return undefined;
  if (!error.message.startsWith(OPTION_CHECK_PREFIX)) return undefined;
  const detail = error.message.slice(OPTION_CHECK_PREFIX.length);
  return new UsageError(`the NFS URL ${JSON.stringify(url)}: ${detail}`, command);
}
