import { describe, expect, it } from 'vitest';
import {
  checkLeftoversAfterSweep,
  checkLeftoversBeforeSweep,
  classifyLeftovers,
  type DirectoryEntry,
} from '../src/checks/leftovers.js';

const LOCK = 'journal.lock';
const KILLED = new Set([4242, 5151]);

function classify(entries: DirectoryEntry[], highestToken = 100) {
  return classifyLeftovers(LOCK, entries, KILLED, highestToken);
}

describe('check 3: what is left in the lock directory', () => {
  it('sorts the files: kept by design, of killed processes, never swept, unexpected', () => {
    const classes = classify([
      { name: 'journal.lock.fence' },
      { name: 'journal.lock.fence.100' },
      { name: 'journal.lock.fence.37' }, // the latest 64 of 100 are 37..100
      { name: 'journal.lock.fence.36' },
      { name: 'journal.lock.fence.tmp.Zq3kX9' },
      { name: 'journal.lock.claim.soak-view1.4242.Zq3kX9' },
      { name: 'journal.lock.tomb.vm.5151.abc_-' },
      { name: 'journal.lock', recordPid: 5151 },
      { name: 'journal.lock.break', recordPid: 4242 },
      { name: 'journal.lock.claim.vm.777.Zq3kX9' }, // a process that was not killed
      { name: 'journal.lock.break', recordPid: 777 },
      { name: 'notes.txt' },
    ]);
    expect(classes).toEqual({
      kept: ['journal.lock.fence', 'journal.lock.fence.100', 'journal.lock.fence.37'],
      neverSwept: ['journal.lock.fence.36', 'journal.lock.fence.tmp.Zq3kX9'],
      ofKilled: [
        'journal.lock.claim.soak-view1.4242.Zq3kX9',
        'journal.lock.tomb.vm.5151.abc_-',
        'journal.lock (pid 5151)',
        'journal.lock.break (pid 4242)',
      ],
      unexpected: ['journal.lock.claim.vm.777.Zq3kX9', 'journal.lock.break (pid 777)', 'notes.txt'],
    });
  });

  it('before the sweep: fails any file a killed process cannot have left', () => {
    const clean = classify([
      { name: 'journal.lock.claim.vm.4242.n' },
      { name: 'journal.lock.fence' },
    ]);
    expect(checkLeftoversBeforeSweep(clean).violations).toEqual([]);
    const leaked = classify([{ name: 'journal.lock.claim.vm.777.n' }, { name: 'journal.lock' }]);
    expect(checkLeftoversBeforeSweep(leaked).violations).toEqual([
      'journal.lock.claim.vm.777.n is not a file a killed process can leave',
      'journal.lock is not a file a killed process can leave',
    ]);
  });

  it('after the sweep: fails what killed processes left, passes what stays by design', () => {
    const swept = classify([{ name: 'journal.lock.fence' }, { name: 'journal.lock.fence.99' }]);
    expect(checkLeftoversAfterSweep(swept).violations).toEqual([]);
    const unswept = classify([
      { name: 'journal.lock.fence' },
      { name: 'journal.lock.claim.vm.4242.n' },
    ]);
    expect(checkLeftoversAfterSweep(unswept).violations).toEqual([
      'journal.lock.claim.vm.4242.n is still there after the sweep',
    ]);
  });

  it('reads names of another lock sharing the prefix as unexpected, not as ours', () => {
    const classes = classify([
      { name: 'journal.lock2.claim.vm.4242.n' },
      { name: 'journal.lockxfence' },
    ]);
    expect(classes.unexpected).toEqual(['journal.lock2.claim.vm.4242.n', 'journal.lockxfence']);
  });
});
