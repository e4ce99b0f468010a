import { AbortError } from '../errors/lock-errors.js';

/** Rejects a wait whose signal was aborted: an AbortError with the signal's reason as cause. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('The lock wait was aborted', { cause: signal.reason });
}
