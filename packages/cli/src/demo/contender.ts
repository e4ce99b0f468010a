// One process of the demo: `node contender.js <lockfile> <counter file> <iterations> <log file>`.
//
// Each iteration takes the lock, increments the integer in the counter file by a plain
// read-modify-write (deliberately not atomic: only the lock keeps two processes from losing
// an update), and records when it entered and left the critical section (critical-sections.ts).
// stdout: `done <pid> <iterations> <elapsed ms>` at the end; stderr: the lock's warn/error
// lines as `LOG <level> <message>`, and any failure. It ends by itself once done: a timer or
// watcher left running by the lock would keep it alive.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import type { Logger } from '@linklock/core';
import { lockOn } from '../locks.js';
import { formatEntry } from './critical-sections.js';

const logLine = (level: string) => (message: string) => {
  process.stderr.write(`LOG ${level} ${message}\n`);
};
const logger: Logger = { debug() {}, info() {}, warn: logLine('warn'), error: logLine('error') };

async function increment(counterPath: string): Promise<void> {
  const text = await readFile(counterPath, 'utf8');
  const value = Number(text.trim());
  // An empty or garbled counter means another process was writing it right now.
  if (text.trim() === '' || !Number.isSafeInteger(value)) {
    throw new Error(`counter file holds ${JSON.stringify(text)}, not an integer`);
  }
  await writeFile(counterPath, `${value + 1}\n`);
}

async function main(): Promise<void> {
  const [lockPath, counterPath, iterationsText, logPath] = process.argv.slice(2);
  const iterations = Number(iterationsText);
  if (
    logPath === undefined ||
    counterPath === undefined ||
    lockPath === undefined ||
    !(iterations >= 0)
  ) {
    throw new Error('usage: contender.js <lockfile> <counter file> <iterations> <log file>');
  }
  const started = performance.now();
  const lock = lockOn(lockPath, {}, logger);
  for (let i = 0; i < iterations; i += 1) {
    await lock.lock();
    try {
      // Timed right after lock() resolved and right before unlock() begins: the logged
      // interval lies inside the time the lock was held.
      await appendFile(logPath, formatEntry('start', process.pid));
      await increment(counterPath);
      await appendFile(logPath, formatEntry('end', process.pid));
    } finally {
      await lock.unlock();
    }
  }
  process.stdout.write(
    `done ${process.pid} ${iterations} ${Math.round(performance.now() - started)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `contender ${process.pid} failed: ${(error as Error)?.stack ?? String(error)}\n`,
  );
  process.exitCode = 1;
});
