// A process that takes a shared lock over and over, for the shared-lock benchmark and the
// real-filesystem tests; packages/bench/py/soft_rw_worker.py does the same with py-filelock's
// SoftReadWriteLock, and both print the lines of worker-lines.ts.
//
//   node dist/rw/worker.js <lockfile> <read|write> <iterations>
//        [--inside DIR --counter FILE] [--hold-ms MS] [--timeout-ms MS] [--detect] [--start-at NS]
//
// --inside, --counter: check the exclusion inside the lock (inside-check.ts); without them the
// critical section is empty. --hold-ms: stay inside this long. --timeout-ms: give up an
// acquisition after this long (a `timeout` line, exit code 3). --detect: an adapter that
// detects the filesystem and declares its capabilities (NodeFsAdapter.forDirectory).
// --start-at: wait until the monotonic clock reads NS before the first acquisition (so that
// processes started one after the other contend from the same moment).
// Default lock options otherwise: this is how a user would call it. Exit code 0 when every
// acquisition was made, 1 on an error.
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  createReadWriteLock,
  type LockOptions,
  type Logger,
  NodeFsAdapter,
  type ReadWriteHandle,
} from 'linklock';
import { InsideCheck } from './inside-check.js';
import { heldLine, type Mode } from './worker-lines.js';

interface Task {
  lockfile: string;
  mode: Mode;
  iterations: number;
  inside: InsideCheck | undefined;
  holdMs: number;
  timeoutMs: number;
  detect: boolean;
  startAtNs: bigint;
}

function parseTask(): Task {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      inside: { type: 'string' },
      counter: { type: 'string' },
      'hold-ms': { type: 'string' },
      'timeout-ms': { type: 'string' },
      detect: { type: 'boolean' },
      'start-at': { type: 'string' },
    },
  });
  const [lockfile, mode, iterations] = positionals;
  if (lockfile === undefined || (mode !== 'read' && mode !== 'write') || iterations === undefined) {
    throw new Error('usage: worker.js <lockfile> <read|write> <iterations> [options]');
  }
  const inside =
    values.inside === undefined || values.counter === undefined
      ? undefined
      : new InsideCheck(values.inside, values.counter, mode, process.pid);
  return {
    lockfile,
    mode,
    iterations: Number(iterations),
    inside,
    holdMs: Number(values['hold-ms'] ?? 0),
    timeoutMs: Number(values['timeout-ms'] ?? 600_000),
    detect: values.detect ?? false,
    startAtNs: BigInt(values['start-at'] ?? 0),
  };
}

const now = () => process.hrtime.bigint();

/** The lock's warnings and errors on stderr as `LOG warn ...`: a clean run logs none. */
const stderrLogger: Logger = {
  debug() {},
  info() {},
  warn: (message, fields) => logLine('warn', message, fields),
  error: (message, fields) => logLine('error', message, fields),
};

function logLine(level: string, message: string, fields: unknown): void {
  const suffix = fields === undefined ? '' : ` ${JSON.stringify(fields)}`;
  process.stderr.write(`LOG ${level} [pid ${process.pid}] ${message}${suffix}\n`);
}

async function main(): Promise<void> {
  const task = parseTask();
  const started = performance.now();
  const options: Partial<LockOptions> = {
    logger: stderrLogger,
    ...(task.detect ? { fs: await NodeFsAdapter.forDirectory(dirname(task.lockfile)) } : {}),
  };
  const lock = createReadWriteLock(task.lockfile, options);
  const untilStart = Number(task.startAtNs - now()) / 1e6;
  if (untilStart > 0) await sleep(untilStart);
  const acquire = (options: { timeout: number }) =>
    task.mode === 'read' ? lock.acquireRead(options) : lock.acquireWrite(options);
  for (let i = 0; i < task.iterations; i += 1) {
    const requestedNs = now();
    let handle: ReadWriteHandle;
    try {
      handle = await acquire({ timeout: task.timeoutMs });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKTIMEOUT') throw error;
      process.stdout.write(`timeout ${task.mode} ${process.pid} ${requestedNs} ${now()}\n`);
      process.exitCode = 3;
      return;
    }
    const acquiredNs = now();
    const readersSeen = await critical(task);
    const releasingNs = now();
    await handle.release();
    const releasedNs = now();
    const section = { mode: task.mode, pid: process.pid, requestedNs, acquiredNs };
    process.stdout.write(heldLine({ ...section, releasingNs, releasedNs, readersSeen }));
  }
  process.stdout.write(`done ${process.pid} ${Math.round(performance.now() - started)}\n`);
}

/** The critical section: the checks of inside-check.ts around a hold, if asked for. */
async function critical(task: Task): Promise<number> {
  const entered = task.inside?.enter();
  if (task.holdMs > 0) await sleep(task.holdMs);
  const problems = [
    ...(entered?.problems ?? []),
    ...(task.inside?.leave(entered?.counter ?? 0) ?? []),
  ];
  for (const problem of problems) process.stdout.write(`violation ${process.pid} ${problem}\n`);
  return entered?.readersSeen ?? 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker ${process.pid} failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exitCode = 1;
});
