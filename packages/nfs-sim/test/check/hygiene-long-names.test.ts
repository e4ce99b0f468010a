import { LockNames } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { checkHygiene } from '../../src/check/hygiene.js';
import type { TraceEvent } from '../../src/trace/trace-event.js';
import { crash, end, exited, options, trace, turn } from './support/trace-builder.js';

/** A lock name of 255 bytes: every other name of the lock starts with its shortened stem. */
const LOCK = `${'q'.repeat(250)}.lock`;
const names = new LockNames(`/export/${LOCK}`);
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** pids 1 and 2 take a turn each and exit cleanly; then the run ends with `files` left. */
function cleanRun(files: string[], ...extra: TraceEvent[]): TraceEvent[] {
  return trace(
    turn(1, 0, 100),
    turn(2, 200, 300),
    exited(400, 1),
    exited(400, 2),
    ...extra,
    end(1_000, files),
  );
}

function leftovers(run: TraceEvent[]): (string | undefined)[] {
  return checkHygiene(run, options({ lockBasename: LOCK })).map(
    (violation) => violation.message.split(' ')[0],
  );
}

describe('checkHygiene, a lock whose name is too long to start its other names', () => {
  const slotCount = basename(names.slotCount);
  const slot = names.slot(3).basename;
  const guard = basename(names.guard);
  const claimOf = (pid: number) => names.claimBasename(`c${pid}`, pid, 'x7kq1w2e');

  it('names its files after the shortened stem (the premise of these tests)', () => {
    for (const name of [slotCount, slot, guard, claimOf(2)]) {
      expect(name.startsWith(`${names.stem}.`)).toBe(true);
      expect(name.startsWith(LOCK)).toBe(false);
    }
  });

  it("always accepts its reader slot count and fencing files, but not another lock's count", () => {
    const fencing = [names.fenceCounter, names.fenceWitness(7)].map(basename);
    expect(leftovers(cleanRun([slotCount, ...fencing]))).toEqual([]);
    const other = basename(new LockNames(`/export/${'q'.repeat(250)}.lokk`).slotCount);
    expect(leftovers(cleanRun([other]))).toEqual([other]);
  });

  it('accepts a reader slot and the break guard only after a crash, naming them otherwise', () => {
    expect(leftovers(cleanRun([slot, guard]))).toEqual([slot, guard]);
    const described = checkHygiene(cleanRun([slot]), options({ lockBasename: LOCK }));
    expect(described[0]?.message).toContain(`${slot} (a reader slot)`);
    expect(leftovers(cleanRun([slot, guard], crash(500, 3)))).toEqual([]);
  });

  it('attributes a shortened claim to its pid: accepted after that pid crashed, else reported', () => {
    expect(leftovers(cleanRun([claimOf(3)], crash(500, 3)))).toEqual([]);
    expect(leftovers(cleanRun([claimOf(2)], crash(500, 3)))).toEqual([claimOf(2)]);
  });
});
