import { describe, expect, it } from 'vitest';
import { checkSafety } from '../../src/check/safety.js';
import { options, readingTurn, trace, turn } from './support/trace-builder.js';

describe('safety with a shared lock (rw-safety)', () => {
  it('lets readers overlap each other', () => {
    const run = trace(readingTurn(1, 0, 100), readingTurn(2, 50, 150), readingTurn(3, 60, 70));

    expect(checkSafety(run, options()).violations).toEqual([]);
  });

  it('reports a writer inside while a reader is, as rw-safety, naming both roles', () => {
    const run = trace(readingTurn(1, 0, 100), turn(2, 50, 150));

    const [violation, ...others] = checkSafety(run, options()).violations;

    expect(others).toEqual([]);
    expect(violation).toMatchObject({ checker: 'rw-safety', t: 50, pids: [1, 2] });
    expect(violation?.message).toContain('pid 1 (reader, client c1');
    expect(violation?.message).toContain('pid 2 (writer, client c2)');
  });

  it('reports a reader entering while a writer is inside', () => {
    const run = trace(turn(1, 0, 100), readingTurn(2, 99, 120));

    expect(checkSafety(run, options()).violations.map((v) => v.checker)).toEqual(['rw-safety']);
  });

  it('keeps two overlapping writers a plain safety violation', () => {
    const run = trace(turn(1, 0, 100), turn(2, 50, 150));

    expect(checkSafety(run, options()).violations.map((v) => v.checker)).toEqual(['safety']);
  });

  it('takes a reader that enters as a writer leaves for a clean hand-over', () => {
    const run = trace(turn(1, 0, 100), readingTurn(2, 100, 200), readingTurn(3, 150, 250));

    expect(checkSafety(run, options()).violations).toEqual([]);
  });
});
