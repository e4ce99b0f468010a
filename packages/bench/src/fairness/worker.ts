// A process of the fairness benchmark: takes one exclusive lock over and over for a fixed
// time and prints each acquisition; packages/bench/py/exclusive_worker.py does the same with
// py-filelock's locks, and both print the lines of ../rw/worker-lines.ts.
//
//   node dist/fairness/worker.js <library id> <directory> <seconds> --counter FILE --start-at NS
//
// <library id>: one of the contenders of ../libraries.ts. From the moment the monotonic clock
// reads --start-at, the process asks for the lock again as soon as it has released it, until
// <seconds> have passed; inside, it increments the counter file (a lost update would show an
// overlap that the times missed). Exit code 0 after the run, 1 on an error.
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { contenderNamed } from '../libraries.js';
import { heldLine } from '../rw/worker-lines.js';

interface Task {
  library: string;
  directory: string;
  durationNs: bigint;
  counter: string;
  startAtNs: bigint;
}

function parseTask(): Task {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { counter: { type: 'string' }, 'start-at': { type: 'string' } },
  });
  const [library, directory, seconds] = positionals;
  if (library === undefined || directory === undefined || seconds === undefined) {
    throw new Error('usage: worker.js <library id> <directory> <seconds> --counter FILE');
  }
  if (values.counter === undefined) throw new Error('--counter FILE is required');
  return {
    library,
    directory,
    durationNs: BigInt(Math.round(Number(seconds) * 1e9)),
    counter: values.counter,
    startAtNs: BigInt(values['start-at'] ?? 0),
  };
}

const now = () => process.hrtime.bigint();

async function main(): Promise<void> {
  const task = parseTask();
  const lock = contenderNamed(task.library).open(task.directory);
  const untilStart = Number(task.startAtNs - now()) / 1e6;
  if (untilStart > 0) await sleep(untilStart);
  const startNs = now();
  const endNs = startNs + task.durationNs;
  while (now() < endNs) {
    const requestedNs = now();
    await lock.acquire();
    const acquiredNs = now();
    const count = Number(readFileSync(task.counter, 'utf8'));
    writeFileSync(task.counter, String(count + 1));
    const releasingNs = now();
    await lock.release();
    const releasedNs = now();
    const section = { mode: 'write' as const, pid: process.pid, requestedNs, acquiredNs };
    process.stdout.write(heldLine({ ...section, releasingNs, releasedNs, readersSeen: 0 }));
  }
  process.stdout.write(`done ${process.pid} ${Number((now() - startNs) / 1_000_000n)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker ${process.pid} failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exitCode = 1;
});
