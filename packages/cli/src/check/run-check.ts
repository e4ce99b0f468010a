import { errorCode } from '@linklock/core';
import { contentionSection } from './contention-section.js';
import { type CaseProgress, contractSections } from './contract-section.js';
import type { Observations } from './observations.js';
import { operationsSection } from './operations-section.js';
import {
  type CheckEntry,
  type CheckReport,
  entry,
  overallVerdict,
  SECTIONS,
  type Section,
} from './report.js';
import { stalenessSection } from './staleness-section.js';
import type { CheckSubject } from './subject.js';
import { timeSection } from './time-section.js';
import { watchSection } from './watch-section.js';

export interface CheckOptions {
  /** Leave out the slow checks: filesystem-time lock semantics, staleness, contention. */
  quick: boolean;
  /** Processes of the contention run. */
  processes: number;
  /** How long the contention run lasts. */
  durationMs: number;
  /** What is running now, for people (stderr). */
  say(line: string): void;
  /** After each conformance case. */
  caseProgress: CaseProgress;
  /** As contenders finish. */
  contentionProgress(finished: number, total: number): void;
}

/** What `--quick` leaves out, in the report's words. */
export const QUICK_SKIPS = [
  'lock semantics in filesystem time (real time on a real disk)',
  'attribute and content staleness',
  'contention run',
];

/**
 * Runs every check on `subject` and returns the report, the filesystem section first (it
 * compares the adapter's declaration with what the later checks saw). A check that throws is
 * itself a finding (unsafe: the adapter failed where it should not), and the others still run.
 */
export async function runCheck(subject: CheckSubject, options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const observed: Observations = {};
  const found: CheckEntry[] = [];
  const run = async (section: Section, what: string, body: () => Promise<CheckEntry[]>) => {
    options.say(`checking ${what}`);
    found.push(...(await guarded(section, what, body)));
  };
  await run('contract', 'the adapter contract and the lock semantics', () =>
    contractSections(subject, { quick: options.quick, progress: options.caseProgress }),
  );
  await run('operations', 'the operations the lock is built on', () =>
    operationsSection(subject, observed),
  );
  await run('time', 'the file server clock', () => timeSection(subject, observed));
  await run('watch', "another process's view (staleness, watch)", async () => {
    const peer = await subject.startPeer();
    try {
      const staleness = options.quick ? [] : await stalenessSection(subject, peer);
      return [...staleness, ...(await watchSection(subject, peer, observed))];
    } finally {
      await peer.close();
    }
  });
  if (!options.quick) {
    await run('contention', `a contention run (${options.processes} processes)`, () =>
      contentionSection(subject, options.processes, options.durationMs, options.contentionProgress),
    );
  }
  const filesystem = await guarded('filesystem', 'the filesystem', () =>
    subject.describeFilesystem(observed),
  );
  const checks = inSectionOrder([...filesystem, ...found]);
  return {
    target: subject.target,
    otherView: subject.otherView,
    verdict: overallVerdict(checks),
    quick: options.quick,
    elapsedMs: Math.round(performance.now() - started),
    checks,
    skipped: options.quick ? QUICK_SKIPS : [],
  };
}

async function guarded(
  section: Section,
  what: string,
  body: () => Promise<CheckEntry[]>,
): Promise<CheckEntry[]> {
  try {
    return await body();
  } catch (error) {
    const code = errorCode(error);
    const message = (error as Error)?.message ?? String(error);
    return [
      entry(
        section,
        `checking ${what}`,
        'unsafe',
        `failed: ${code !== undefined && !message.includes(code) ? `${code}: ` : ''}${message}`,
      ),
    ];
  }
}

function inSectionOrder(checks: CheckEntry[]): CheckEntry[] {
  const rank = (check: CheckEntry) => SECTIONS.indexOf(check.section);
  return checks
    .map((check, index) => ({ check, index }))
    .sort((a, b) => rank(a.check) - rank(b.check) || a.index - b.index)
    .map(({ check }) => check);
}
