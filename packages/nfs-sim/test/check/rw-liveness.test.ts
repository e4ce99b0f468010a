import { describe, expect, it } from 'vitest';
import { checkReaderProgress } from '../../src/check/rw-liveness.js';
import {
  BOUND_MS,
  crash,
  EXPIRY_MS,
  end,
  enterReading,
  exit,
  gaveUp,
  options,
  pause,
  readingTurn,
  release,
  start,
  startReading,
  trace,
  turn,
} from './support/trace-builder.js';

const RUN_END_MS = 200_000;

describe("readers' progress (rw-liveness)", () => {
  it('reports a reader kept waiting while only readers held the lock', () => {
    const run = trace(readingTurn(1, 0, 60_000), startReading(1_000, 2), end(RUN_END_MS));

    expect(checkReaderProgress(run, options())).toEqual([
      expect.objectContaining({ checker: 'rw-liveness', t: 1_000 + BOUND_MS, pids: [2] }),
    ]);
  });

  it('lets a reader wait behind a writer that holds the lock, then for a bound after it left', () => {
    const writerLeavesMs = 50_000;
    const run = trace(turn(1, 0, writerLeavesMs), startReading(1_000, 2), end(RUN_END_MS));

    const [violation] = checkReaderProgress(run, options());

    expect(violation?.t).toBe(writerLeavesMs + BOUND_MS);
  });

  it('lets readers wait behind a writer that waits (writers are preferred)', () => {
    const run = trace(
      readingTurn(1, 0, 60_000),
      start(500, 3), // a writer waits for reader 1
      enterWriterAt(60_000, 3, 61_000),
      startReading(1_000, 2),
      enterReading(61_000, 2),
      exit(62_000, 2),
      release(62_000, 2),
      end(RUN_END_MS),
    );

    expect(checkReaderProgress(run, options())).toEqual([]);
  });

  it('excuses a wait while a crashed process could still hold the gate, until its expiry', () => {
    const run = trace(
      startReading(0, 1),
      crash(10, 1), // crashed while registering: its claim may hold the gate
      startReading(1_000, 2),
      enterReading(10 + EXPIRY_MS + 100, 2),
      exit(40_000, 2),
      release(40_000, 2),
      end(RUN_END_MS),
    );

    expect(checkReaderProgress(run, options())).toEqual([]);
  });

  it("moves the reader's window past its own pause", () => {
    const run = trace(
      readingTurn(1, 0, 100_000),
      startReading(1_000, 2),
      pause(2_000, 2, 30_000),
      enterReading(32_000 + BOUND_MS - 1, 2),
      exit(33_000 + BOUND_MS, 2),
      release(33_000 + BOUND_MS, 2),
      end(RUN_END_MS),
    );

    expect(checkReaderProgress(run, options())).toEqual([]);
  });

  it('judges no reader that got in, gave up, or whose run ended, within the bound', () => {
    const run = trace(
      readingTurn(1, 0, 60_000),
      startReading(1_000, 2),
      enterReading(1_000 + BOUND_MS - 1, 2),
      exit(7_000, 2),
      release(7_000, 2),
      startReading(8_000, 3, 2_000),
      gaveUp(10_000, 3),
      startReading(RUN_END_MS - 10, 4),
      end(RUN_END_MS),
    );

    expect(checkReaderProgress(run, options())).toEqual([]);
  });

  it('says nothing about a trace without readers', () => {
    const run = trace(turn(1, 0, 60_000), start(1_000, 2), end(RUN_END_MS));

    expect(checkReaderProgress(run, options())).toEqual([]);
  });
});

/** A writer's cs-enter at `atMs` and its release at `untilMs`. */
function enterWriterAt(atMs: number, pid: number, untilMs: number) {
  return [
    { t: atMs, kind: 'cs-enter' as const, pid, client: `c${pid}` },
    exit(untilMs, pid),
    release(untilMs, pid),
  ];
}
