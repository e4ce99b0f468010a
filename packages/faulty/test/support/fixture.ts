import { VirtualClock } from '@linklock/conformance';
import type { FsStats } from '@linklock/core';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';

/**
 * A memfs volume holding `/d/a` ("abc") and an adapter over it: the truth a FaultyFs decorates.
 * The adapter stamps mtimes with a view of a VirtualClock, which a FaultyFs can also be given
 * to spend latency and delays on (the view keeps its sleeps).
 */
export function memfsWorld() {
  const time = new VirtualClock(1_750_000_000_000);
  const clock = time.view();
  const volume = new Volume();
  volume.mkdirSync('/d');
  volume.writeFileSync('/d/a', 'abc');
  const inner = new MemfsAdapter(volume, { clock });
  return {
    time,
    clock,
    volume,
    inner,
    exists: (path: string) => volume.existsSync(path),
    content: (path: string) => String(volume.readFileSync(path, 'utf8')),
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  try {
    await promise;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Whether a promise has settled, checked after the event loop had a few turns to settle it. */
export async function settledYet(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await turns(5);
  return settled;
}

/** Lets the event loop run `n` full turns (microtasks and immediates). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The plain fields of stats, comparable with `toEqual`. */
export function plainStats(stats: FsStats) {
  return {
    ino: stats.ino,
    nlink: stats.nlink,
    mtimeMs: stats.mtimeMs,
    size: stats.size,
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
    isSymbolicLink: stats.isSymbolicLink(),
  };
}
