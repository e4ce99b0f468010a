import { describe, expect, it } from 'vitest';
import { checkJournalOrder } from '../src/checks/journal-order.js';
import { FencedJournal, type JournalEntry } from '../src/fenced-journal.js';

/** A journal as written: [tenure, token, accepted] in the order the journal handled them. */
function journal(writes: [string, number, boolean][]): JournalEntry[] {
  return writes.map(([tenure, token, accepted], index) => ({
    index,
    atMs: 1_000 + index,
    slot: 0,
    pid: Number(tenure.split(':')[0]),
    tenure,
    token,
    accepted,
  }));
}

describe('check 1: accepted writes in token order, tenures never interleaved', () => {
  it('passes a journal of successive tenures, refused late writes aside', () => {
    const result = checkJournalOrder(
      journal([
        ['10:1', 1, true],
        ['10:1', 1, true],
        ['11:1', 2, true],
        ['10:1', 1, false], // a stopped holder's late write, refused
        ['12:1', 4, true],
        ['12:1', 4, true],
      ]),
    );
    expect(result.violations).toEqual([]);
    expect(result.checked).toBe('5 accepted writes of 3 tenures');
  });

  it('fails a token that goes backwards', () => {
    const result = checkJournalOrder(
      journal([
        ['10:1', 3, true],
        ['11:1', 2, true],
      ]),
    );
    expect(result.violations).toEqual([
      'write #1 (tenure 11:1) was accepted with token 2 after write #0 with token 3',
    ]);
  });

  it('fails two tenures whose writes interleave, even with one token (tokens never go back)', () => {
    const result = checkJournalOrder(
      journal([
        ['10:1', 5, true],
        ['11:1', 5, true],
        ['10:1', 5, true],
      ]),
    );
    expect(result.violations).toEqual([
      "write #2 of tenure 10:1 (token 5) was accepted after another tenure's writes: tenures overlap",
    ]);
  });

  it('keeps the first 20 violations and counts the rest', () => {
    const writes: [string, number, boolean][] = [];
    for (let i = 0; i < 30; i += 1) writes.push(['10:1', 100 - i, true]);
    const { violations } = checkJournalOrder(journal(writes));
    expect(violations).toHaveLength(21);
    expect(violations.at(-1)).toBe('… and 9 more');
  });
});

describe('the fenced journal', () => {
  it('accepts a token equal to or above the highest accepted and refuses a lower one', () => {
    const fenced = new FencedJournal();
    const write = (tenure: string, token: number) =>
      fenced.write({ slot: 0, pid: 1, tenure, token });
    expect(write('1:1', 3)).toBe(true);
    expect(write('1:1', 3)).toBe(true);
    expect(write('2:1', 2)).toBe(false);
    expect(write('3:1', 7)).toBe(true);
    expect(write('1:1', 3)).toBe(false);
    expect([fenced.accepted, fenced.refused]).toEqual([3, 2]);
    expect(checkJournalOrder(fenced.entries).violations).toEqual([]);
  });
});
