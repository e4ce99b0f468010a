import { type FsAdapter, hasCode, type Lock } from '@linklock/core';

/** Where a contender notes entering and leaving its critical section. */
export type SectionRecorder = (kind: 'start' | 'end') => void;

/**
 * One contender of the check's contention run: takes `lock` over and over until `deadline`
 * (`Date.now()` ms), and inside increments the integer in the counter file by a plain
 * read-modify-write through `fs` (only the lock keeps two contenders from losing an update).
 * A wait still going at the deadline is given up. Resolves how many times it held the lock.
 */
export async function contendUntil(
  lock: Lock,
  fs: FsAdapter,
  counterPath: string,
  deadline: number,
  record: SectionRecorder,
): Promise<number> {
  let acquisitions = 0;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return acquisitions;
    try {
      await lock.lock({ timeout: remaining });
    } catch (error) {
      if (hasCode(error, 'ELOCKTIMEOUT')) return acquisitions;
      throw error;
    }
    try {
      record('start');
      acquisitions += 1;
      await increment(fs, counterPath);
      record('end');
    } finally {
      await lock.unlock();
    }
  }
}

async function increment(fs: FsAdapter, counterPath: string): Promise<void> {
  const { data } = await fs.read(counterPath, { maxBytes: 64 });
  const value = Number(data.trim());
  // An empty or garbled counter means another contender was writing it at this very moment.
  if (data.trim() === '' || !Number.isSafeInteger(value)) {
    throw new Error(`the counter file holds ${JSON.stringify(data)}, not an integer`);
  }
  await fs.writeFile(counterPath, `${value + 1}\n`);
}
