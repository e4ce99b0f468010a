import { hasCode } from '@linklock/core';
import type { ContentionPlan } from './contenders.js';
import { type CheckEntry, entry } from './report.js';
import type { CheckSubject } from './subject.js';

/**
 * A short real contention run: `processes` processes (half of them on the other view, when
 * there is one) take one lock in the scratch directory for `durationMs`, each incrementing a
 * shared counter inside. Safe means: the counter counts every acquisition, no two critical
 * sections overlapped, every process ended well; a warning logged or a file left is a caveat.
 */
export async function contentionSection(
  subject: CheckSubject,
  processes: number,
  durationMs: number,
  onProgress: ContentionPlan['onProgress'],
): Promise<CheckEntry[]> {
  const directoryName = 'contention';
  const directory = `${subject.scratch}/${directoryName}`;
  await subject.mkdir(directory);
  await subject.fs.writeFile(`${directory}/counter`, '0\n');
  const result = await subject.runContenders({
    processes,
    durationMs,
    directoryName,
    lockName: 'check.lock',
    counterName: 'counter',
    ...(onProgress ? { onProgress } : {}),
  });
  const counter = await readCounter(subject, `${directory}/counter`);
  const leftovers = (await subject.fs.readdir(directory)).filter((name) => name !== 'counter');
  const exact = counter === result.acquisitions;
  const measured = {
    processes,
    durationMs,
    acquisitions: result.acquisitions,
    counter,
    overlaps: result.overlaps.length,
    failures: result.failures.length,
    logged: result.logged.length,
    leftovers: leftovers.length,
  };
  const run = `${processes} processes for ${durationMs / 1000} s${subject.otherView === null ? '' : ' (half on the other view)'}`;
  const tally = `${result.acquisitions} acquisitions, counter ${counter ?? 'unreadable'}, ${result.overlaps.length} overlapping critical sections`;
  const dangers = [
    ...result.overlaps.slice(0, 1).map((overlap) => `overlap: ${overlap}`),
    ...(exact
      ? []
      : [
          `the counter says ${counter ?? 'nothing'}, ${result.acquisitions} were counted: updates were lost`,
        ]),
    ...result.failures.slice(0, 2),
    ...(result.acquisitions === 0 ? ['no process ever got the lock'] : []),
  ];
  if (dangers.length > 0) {
    return [
      entry(
        'contention',
        'contention run',
        'unsafe',
        `${run}: ${tally}; ${dangers.join('; ')}`,
        measured,
      ),
    ];
  }
  const worries = [
    ...result.logged.slice(0, 2).map((line) => `logged: ${line.replace(/^LOG /, '')}`),
    ...(leftovers.length > 0 ? [`left behind: ${leftovers.join(', ')}`] : []),
  ];
  if (worries.length > 0) {
    return [
      entry(
        'contention',
        'contention run',
        'caveat',
        `${run}: ${tally}; ${worries.join('; ')}`,
        measured,
      ),
    ];
  }
  return [
    entry(
      'contention',
      'contention run',
      'ok',
      `${run}: ${tally}, exact count, nothing logged, nothing left`,
      measured,
    ),
  ];
}

async function readCounter(subject: CheckSubject, path: string): Promise<number | null> {
  try {
    const value = Number((await subject.fs.read(path, { maxBytes: 64 })).data.trim());
    return Number.isSafeInteger(value) ? value : null;
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return null;
    throw error;
  }
}
