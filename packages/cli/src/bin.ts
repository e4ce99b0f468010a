#!/usr/bin/env node
// The `linklock` command line. See `linklock --help`.
import { main } from './cli.js';

// A reader that went away (`linklock status x | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    // Set, not process.exit(): stdout is flushed and the lock's cleanup has finished.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `linklock: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
