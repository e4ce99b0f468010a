import { MemfsAdapter } from '@linklock/memfs';
import { describe, expect, it } from 'vitest';
import { contentionSection } from '../src/check/contention-section.js';
import { formatReport } from '../src/check/format-report.js';
import type { CheckEntry, CheckReport, Section } from '../src/check/report.js';
import { runCheck } from '../src/check/run-check.js';
import {
  CopyingLinkFs,
  FlooredMtimeFs,
  FollowingReadFs,
  GappyRenameFs,
  NoLinkFs,
  OverwritingCreateFs,
  ReplacingLinkFs,
  SecondsMtimeFs,
} from './support/broken-adapters.js';
import { type MemoryAdapterClass, memorySubject } from './support/memory-subject.js';

// `linklock check` against an in-memory volume behind adapters with one deliberate defect
// each: the finding about the defect must come out unsafe (or a caveat, for what the lock does
// not rely on), with a why that names it, and the verdict must follow.

const silent = {
  quick: true,
  processes: 2,
  durationMs: 500,
  say: () => undefined,
  caseProgress: () => undefined,
  contentionProgress: () => undefined,
};

async function checked(Adapter: MemoryAdapterClass): Promise<CheckReport> {
  const subject = memorySubject(Adapter);
  try {
    return await runCheck(subject, silent);
  } finally {
    await subject.close();
  }
}

function finding(report: CheckReport, section: Section, name: string): CheckEntry {
  const found = report.checks.find((check) => check.section === section && check.name === name);
  if (found === undefined) throw new Error(`no ${section} finding named '${name}'`);
  return found;
}

/** The findings that are not ok, as `section/name: verdict`. */
function notOk(report: CheckReport, section?: Section): string[] {
  return report.checks
    .filter(
      (check) => check.verdict !== 'ok' && (section === undefined || check.section === section),
    )
    .map((check) => `${check.section}/${check.name}: ${check.verdict}`);
}

describe('linklock check over an in-memory volume', () => {
  it('finds nothing wrong with a correct adapter (the baseline)', async () => {
    const report = await checked(MemfsAdapter);
    expect(notOk(report)).toEqual([]);
    expect(report.verdict).toBe('safe');
    expect(finding(report, 'operations', 'hard links').why).toBe(
      'link() makes a second name of one file',
    );
    expect(finding(report, 'filesystem', 'declaration').why).toMatch(/: as observed$/);
  });

  describe('a link that copies', () => {
    it('is unsafe: a refresh through one name never reaches the other', async () => {
      const report = await checked(CopyingLinkFs);
      expect(report.verdict).toBe('unsafe');
      expect(finding(report, 'operations', 'hard links')).toMatchObject({
        verdict: 'unsafe',
        why: expect.stringContaining('link() made a copy, not a second name'),
      });
      expect(notOk(report, 'contract')).toContain(
        'contract/link: the two names are one file (a change through one is seen through the other): unsafe',
      );
      expect(notOk(report, 'lock')).toEqual([
        'lock/lock: refresh() moves the expiry forward for the other process too: unsafe',
      ]);
      expect(finding(report, 'filesystem', 'declaration')).toMatchObject({
        verdict: 'caveat',
        why: expect.stringContaining('hard links declared, not seen here'),
      });
    });
  });

  it('a link that copies, as people read it: the finding, and the verdict line last', async () => {
    const text = formatReport(await checked(CopyingLinkFs), 'scratch directory x (removed)');
    expect(text).toMatch(/^ {2}unsafe {2}hard links {15}link\(\) made a copy, not a second name/m);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(
      /^verdict: UNSAFE: \d+ findings the lock cannot work with, and \d+ caveats? \(\d+\.\d s\)$/,
    );
  });

  it('a rename over a name that removes it first: a caveat, a reader found the name missing', async () => {
    const report = await checked(GappyRenameFs);
    expect(finding(report, 'operations', 'rename over')).toMatchObject({
      verdict: 'caveat',
      why: expect.stringMatching(
        /^not atomic: a reader found the name missing \d+ times in 100 replacements \(ENOENT\)/,
      ),
    });
  });

  it('no hard links (EPERM): unsafe, the lock refuses to run there', async () => {
    const report = await checked(NoLinkFs);
    expect(report.verdict).toBe('unsafe');
    expect(finding(report, 'operations', 'hard links')).toMatchObject({
      verdict: 'unsafe',
      why: expect.stringMatching(/^link\(\) fails with EPERM: .*ELOCKUNSUPPORTED/),
      measured: { error: 'EPERM' },
    });
  });

  it('an exclusive create that overwrites: unsafe, naming what it did', async () => {
    const report = await checked(OverwritingCreateFs);
    expect(report.verdict).toBe('unsafe');
    expect(finding(report, 'operations', 'exclusive create')).toMatchObject({
      verdict: 'unsafe',
      why: 'an exclusive create succeeded on an existing name and replaced the file: two processes could both believe they created one claim',
    });
    expect(notOk(report, 'contract')).toContain(
      'contract/writeFile exclusive: EEXIST when the name exists, the file unchanged: unsafe',
    );
  });

  it('a read that follows symlinks: unsafe, a planted symlink would be read as the lock', async () => {
    const report = await checked(FollowingReadFs);
    expect(report.verdict).toBe('unsafe');
    expect(finding(report, 'operations', 'O_NOFOLLOW read')).toMatchObject({
      verdict: 'unsafe',
      why: expect.stringContaining('read() followed a symlink to its target ("not a lock")'),
    });
  });

  it('mtimes in seconds: unsafe, filesystem time would misread the clock', async () => {
    const report = await checked(SecondsMtimeFs);
    expect(report.verdict).toBe('unsafe');
    expect(finding(report, 'time', 'mtime resolution')).toMatchObject({
      verdict: 'unsafe',
      why: expect.stringMatching(/^mtimes are not milliseconds since 1970: seconds \(\d+ is /),
    });
    expect(notOk(report, 'contract')).toContain(
      'contract/time: mtimeMs counts milliseconds since 1970 (not seconds, not microseconds): unsafe',
    );
  });

  it('mtimes floored to seconds while declaring 1 ms: caveats (an error bound off by less than the slop)', async () => {
    const report = await checked(FlooredMtimeFs);
    expect(finding(report, 'time', 'mtime resolution')).toMatchObject({
      verdict: 'caveat',
      why: expect.stringContaining('where 1 ms is declared'),
      measured: { declaredMs: 1, observedStepMs: 1000 },
    });
    expect(finding(report, 'filesystem', 'declaration')).toMatchObject({
      verdict: 'caveat',
      why: expect.stringContaining('1 ms mtimes declared, but they are'),
    });
    expect(notOk(report, 'contract')).toContain(
      'contract/time: mtimes are as fine as capabilities.mtimeResolutionMs declares: caveat',
    );
    expect(notOk(report).filter((line) => line.endsWith(': unsafe'))).toEqual([]);
    expect(report.verdict).toBe('caveats');
  });
});

describe('the contention run', () => {
  it('counts exactly and finds no overlap over a correct adapter', async () => {
    const subject = memorySubject(MemfsAdapter);
    const [run] = await contentionSection(subject, 3, 300, undefined);
    expect(run).toMatchObject({
      verdict: 'ok',
      why: expect.stringContaining('exact count, nothing logged, nothing left'),
    });
    expect(run?.measured.acquisitions).toBeGreaterThan(0);
    expect(run?.measured.counter).toBe(run?.measured.acquisitions);
  });

  it('is unsafe when link replaces an existing name: two contenders hold the lock at once', async () => {
    const subject = memorySubject(ReplacingLinkFs);
    const [run] = await contentionSection(subject, 3, 300, undefined);
    expect(run?.verdict).toBe('unsafe');
    expect(run?.why).toMatch(/overlap: |updates were lost|failed/);
  });
});
