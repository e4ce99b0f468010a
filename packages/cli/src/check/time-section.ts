import { granularityOf, sampleMtimes, unitOf } from '@linklock/conformance';
import type { FsAdapter } from '@linklock/core';
import { describeStep, formatMs } from './capability-words.js';
import type { Observations } from './observations.js';
import { type CheckEntry, entry } from './report.js';
import type { CheckSubject } from './subject.js';

/** The clock offset the lock's default slop absorbs in local time. */
const DEFAULT_SLOP_MS = 10_000;

/**
 * The file server's clock as the lock reads it (filesystem time, the default): the mtimes of
 * fresh files, how fine they are against the declaration, and how far the server's clock is
 * from this host's.
 */
export async function timeSection(
  subject: CheckSubject,
  observed: Observations,
): Promise<CheckEntry[]> {
  const directory = `${subject.scratch}/time`;
  await subject.mkdir(directory);
  const path = (name: string) => `${directory}/${name}`;
  return [await resolution(subject.fs, path, observed), await clockOffset(subject.fs, path)];
}

async function resolution(
  fs: FsAdapter,
  path: (name: string) => string,
  observed: Observations,
): Promise<CheckEntry> {
  const declared = fs.capabilities.mtimeResolutionMs;
  // Three different values: two neighbouring whole seconds are also multiples of 1 s only.
  const sampling = await sampleMtimes(fs, path, {
    distinct: 3,
    count: 10,
    budgetMs: 2_000 + 3 * Math.max(declared, 1_000),
  });
  const unit = unitOf(sampling.mtimes[0] ?? Number.NaN);
  const measured = { declaredMs: declared, observedStepMs: null, samples: sampling.mtimes.length };
  if (unit !== 'milliseconds') {
    return entry(
      'time',
      'mtime resolution',
      'unsafe',
      `mtimes are not milliseconds since 1970: ${unit}; filesystem time (the default) misreads the server's clock`,
      measured,
    );
  }
  if (sampling.distinct < 2) {
    return entry(
      'time',
      'mtime resolution',
      'unsafe',
      `every file written over ${sampling.mtimes.length} tries had the same mtime: the server's clock seems to stand still, and filesystem time (the default) would never see a lease end`,
      measured,
    );
  }
  const step = granularityOf(sampling.mtimes);
  observed.mtimeStepMs = step;
  const seen = { ...measured, observedStepMs: step };
  if (step > declared) {
    return entry(
      'time',
      'mtime resolution',
      'caveat',
      `mtimes are ${describeStep(step)}, where ${formatMs(declared)} is declared: the lock's clock estimate is off by up to ${formatMs(step)} more than it allows for (the default slop is 10 s)`,
      seen,
    );
  }
  return entry(
    'time',
    'mtime resolution',
    'ok',
    `mtimes are ${describeStep(step)} (${formatMs(declared)} declared)`,
    seen,
  );
}

/**
 * The server's clock against this host's, as the lock measures it: the mtime of a file just
 * created against the local time of the call, within half the call's duration plus half the
 * mtime resolution.
 */
async function clockOffset(fs: FsAdapter, path: (name: string) => string): Promise<CheckEntry> {
  const before = Date.now();
  await fs.writeFile(path('clock-probe'), 'probe', { exclusive: true });
  const { mtimeMs } = await fs.stat(path('clock-probe'));
  const after = Date.now();
  const resolution = Math.max(fs.capabilities.mtimeResolutionMs, 0);
  const offsetMs = Math.round(mtimeMs + resolution / 2 - (before + after) / 2);
  const withinMs = Math.ceil((after - before) / 2 + resolution / 2);
  const measured = { offsetMs, withinMs };
  const how =
    offsetMs === 0
      ? "the same as this host's"
      : `${formatMs(Math.abs(offsetMs))} ${offsetMs > 0 ? 'ahead of' : 'behind'} this host's`;
  const said = `the file server's clock is ${how} (±${formatMs(withinMs)})`;
  if (Math.abs(offsetMs) <= Math.max(1_000, withinMs)) {
    return entry('time', 'clock offset', 'ok', said, measured);
  }
  const local =
    Math.abs(offsetMs) >= DEFAULT_SLOP_MS
      ? `timeSource 'local' would break live locks unless clockSlop exceeds ${formatMs(Math.abs(offsetMs))}`
      : `timeSource 'local' would spend ${formatMs(Math.abs(offsetMs))} of its clock slop on it`;
  return entry(
    'time',
    'clock offset',
    'caveat',
    `${said}: filesystem time (the default) measures and absorbs it; ${local}`,
    measured,
  );
}
