import { type CaseResult, runFsAdapterSuite, runLockSemanticsSuite } from '@linklock/conformance';
import type { TimeSource } from '@linklock/core';
import { type CheckEntry, entry, type Section } from './report.js';
import type { CheckSubject } from './subject.js';

/** Called after each case: for a progress line. */
export type CaseProgress = (suite: string, done: number, total: number, title: string) => void;

/**
 * The conformance suites, run by their built-in runner on the target: the adapter contract
 * case by case, each case in a fresh directory of the scratch directory, then the lock's
 * semantics with two processes (the second on the other view, when there is one), in local
 * time and, unless `quick`, in filesystem time (which on a real disk runs in real time).
 */
export async function contractSections(
  subject: CheckSubject,
  { quick, progress }: { quick: boolean; progress: CaseProgress },
): Promise<CheckEntry[]> {
  let cases = 0;
  const freshRoot = async () => {
    cases += 1;
    const root = `${subject.scratch}/case-${cases}`;
    await subject.mkdir(root);
    return root;
  };
  let root = '';
  const contract = await runFsAdapterSuite({
    createAdapter: async () => {
      root = await freshRoot();
      return subject.fs;
    },
    root: () => root,
    destroy: () => subject.removeTree(root),
    makeSymlink: (target, path) => subject.makeSymlink(target, path),
    onResult: (result, done, total) => progress('adapter contract', done, total, result.title),
  });
  const second = await subject.secondAdapter();
  const timeSources: TimeSource[] = quick ? ['local'] : ['local', 'filesystem'];
  const semantics = await runLockSemanticsSuite({
    createAdapters: async () => {
      root = await freshRoot();
      return [subject.fs, second];
    },
    root: () => root,
    destroy: () => subject.removeTree(root),
    timeSources,
    onResult: (result, done, total) => progress('lock semantics', done, total, result.title),
  });
  return [
    ...contract.map((result) => toEntry('contract', result)),
    ...semantics.map((result) => toEntry('lock', result)),
  ];
}

/** A case as a finding: a failure is unsafe, unless the case is about what the lock never uses. */
function toEntry(section: Section, result: CaseResult): CheckEntry {
  // The suite's block ("link", "timeSource 'local'"): the report groups the cases by it.
  const measured = { group: result.groups[0] ?? '', durationMs: result.durationMs };
  switch (result.status) {
    case 'passed':
      return entry(section, result.title, 'ok', 'passed', measured);
    case 'skipped':
      return entry(section, result.title, 'ok', `skipped: ${result.message}`, measured);
    case 'failed':
      return entry(
        section,
        result.title,
        result.advisory ? 'caveat' : 'unsafe',
        result.advisory ? `${result.message} (the lock does not rely on this)` : result.message,
        measured,
      );
  }
}
