import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  describeOverlap,
  findOverlaps,
  parseCriticalSections,
} from '../test/fixtures/critical-sections.mjs';
import { describeExit, loggedProblems, spawnFixture } from '../test/support/fixture-process.js';

export interface Contender {
  /** The lock file, as this contender's "client" reaches it (a view, the sshfs mount, ...). */
  lockfile: string;
  iterations: number;
  /** Extra contender options (--lifetime, --clock-slop, --hold-ms, --detect). */
  options?: string[];
}

export interface ContentionOutcome {
  acquisitions: number;
  counter: number;
  overlaps: string[];
  /** Warn/error lines of the lock, problems in the logs, failed processes. */
  problems: string[];
  /** Info lines saying a lock was broken (needs LINKLOCK_FIXTURE_VERBOSE). */
  breaks: string[];
  /** Files left in the directory besides the counter and the logs. */
  leftovers: string[];
}

/**
 * Runs the contenders to their end (each in its own process, logs in `logDirectory`) and
 * gathers what the checks need: the count, the overlaps, what was logged, what was left.
 */
export async function contend(
  contenders: readonly Contender[],
  counter: string,
  logDirectory: string,
  timeoutMs: number,
): Promise<ContentionOutcome> {
  const logs = contenders.map((_, i) => join(logDirectory, `sections-${i}.log`));
  const processes = contenders.map((contender, i) =>
    spawnFixture(
      'contender',
      [
        contender.lockfile,
        counter,
        String(contender.iterations),
        logs[i] as string,
        ...(contender.options ?? []),
      ],
      { env: { LINKLOCK_FIXTURE_VERBOSE: '1' } },
    ),
  );
  const exits = await Promise.all(processes.map((process) => process.waitForExit(timeoutMs)));
  const parsed = logs.map((log) =>
    parseCriticalSections(existsSync(log) ? readFileSync(log, 'utf8') : ''),
  );
  const stderr = processes.map((process) => process.stderr).join('\n');
  const ours = new Set(['counter', ...logs.map((log) => basename(log))]);
  return {
    acquisitions: parsed.reduce((sum, log) => sum + log.sections.length, 0),
    counter: Number(readFileSync(counter, 'utf8').trim()),
    overlaps: findOverlaps(parsed.flatMap((log) => log.sections)).map(describeOverlap),
    problems: [
      ...parsed.flatMap((log) => log.problems),
      ...loggedProblems(stderr),
      ...exits.flatMap((exit, i) =>
        exit.code === 0
          ? []
          : [`contender ${i} ended with ${describeExit(exit)}${processes[i]?.transcript()}`],
      ),
    ],
    breaks: stderr.split('\n').filter((line) => /^LOG info .*broke a lock/.test(line)),
    leftovers: readdirSync(logDirectory).filter((name) => !ours.has(name)),
  };
}
