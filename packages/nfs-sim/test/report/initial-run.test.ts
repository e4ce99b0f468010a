import { describe, expect, it } from 'vitest';
import { initialRun, type RunSummary, runNote } from '../../src/report/initial-run.js';

const run = (algorithm: string, violations: number): RunSummary => ({
  algorithm,
  profile: 'nfs',
  seed: 12,
  violations: Array.from({ length: violations }, () => ({})),
});

// `replay --algorithm all` lists the algorithms in this order; linklock comes first, clean.
const ALL = [run('linklock', 0), run('mailman21', 3), run('flufl', 1), run('naive-excl', 0)];
const CLEAN = [run('linklock', 0), run('naive-excl', 0)];

describe('initialRun', () => {
  it('is the first run with a violation', () => {
    expect(initialRun(ALL)).toBe(1);
    expect(initialRun([run('flufl', 1), run('mailman21', 3)])).toBe(0);
  });

  it('is the first run when none failed, or there is none', () => {
    expect(initialRun(CLEAN)).toBe(0);
    expect(initialRun([])).toBe(0);
  });
});

describe('runNote', () => {
  it('names the run shown, and says why the page opened on it', () => {
    expect(runNote(ALL, 1, 1)).toBe(
      'Showing run 2 of 4: mailman21 · nfs · seed 12, the first run with a violation (3 violations).',
    );
    expect(runNote(CLEAN, 0, 0)).toBe(
      'Showing run 1 of 2: linklock · nfs · seed 12; no run has a violation.',
    );
  });

  it('names any other run with its count', () => {
    expect(runNote(ALL, 0, 1)).toBe(
      'Showing run 1 of 4: linklock · nfs · seed 12 (no violations).',
    );
    expect(runNote(ALL, 2, 1)).toBe('Showing run 3 of 4: flufl · nfs · seed 12 (1 violation).');
    expect(runNote(CLEAN, 1, 0)).toBe(
      'Showing run 2 of 2: naive-excl · nfs · seed 12 (no violations).',
    );
  });
});
