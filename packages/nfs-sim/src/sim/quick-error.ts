import { FsError } from '@linklock/core';
import type { Errno } from '../trace/codes.js';

/**
 * An `FsError` without a stack trace. The simulation answers ENOENT and EEXIST thousands of
 * times a second as ordinary results; capturing a stack for each was a tenth of a run's time,
 * and the stack of a simulated error would point into the simulator anyway.
 */
export function quickError(code: Errno, options: { syscall?: string; path?: string }): FsError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new FsError(code, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
