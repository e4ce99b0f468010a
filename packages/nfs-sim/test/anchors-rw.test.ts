import { describe, expect, it } from 'vitest';
import { runSeeds, simulate } from '../src/index.js';
import type { TraceEventOf } from '../src/trace/trace-event.js';

describe('a shared lock that trusts a listing is caught (H19)', () => {
  it('naive-rw in nfs: a writer enters while a reader is inside, after a stale listing', async () => {
    // A writer entering while a reader is inside. In some runs the same stale listing shows the
    // other way round: the writer got the gate while the reader, registered, was still releasing
    // it, so the reader's lock call returned after the writer's.
    const readerFirst = (v: { checker: string; message: string }) =>
      v.checker === 'rw-safety' && /reader, client .*writer, client/s.test(v.message);
    const batch = await runSeeds({ seeds: 10, profile: 'nfs', algorithm: 'naive-rw' });
    const run = batch.runs.find((r) => r.violations.some(readerFirst));
    expect(run, 'naive-rw should let a writer in on a reader within 10 nfs seeds').toBeDefined();

    const replayed = await simulate({ seed: run!.seed, profile: 'nfs', algorithm: 'naive-rw' });

    expect(replayed.traceHash).toBe(run!.traceHash);
    const overlap = replayed.violations.find(readerFirst)!;
    // The writer entered last, at the moment the overlap began, after a listing without the reader.
    const writer = replayed.trace.find(
      (e): e is TraceEventOf<'cs-enter'> =>
        e.kind === 'cs-enter' && e.t === overlap.t && e.mode === undefined,
    )?.pid;
    expect(overlap.pids).toContain(writer);
    const staleListings = replayed.trace.filter(
      (e) =>
        e.kind === 'fault' &&
        e.what === 'stale-listing' &&
        e.pid === writer &&
        e.t <= overlap.t &&
        /unlisted \S+\.\d+;/.test(e.detail ?? ''),
    );
    expect(staleListings.length).toBeGreaterThan(0);
  });

  it('naive-rw without caching (local): no reader and writer inside together', async () => {
    const batch = await runSeeds({ seeds: 20, profile: 'local', algorithm: 'naive-rw' });

    expect(batch.safetySeeds).toEqual([]);
    const one = await simulate({ seed: 1, profile: 'local', algorithm: 'naive-rw' });
    const enters = one.trace.filter((e) => e.kind === 'cs-enter');
    expect(enters.some((e) => e.mode === 'read')).toBe(true);
    expect(enters.some((e) => e.mode === undefined)).toBe(true);
  });
});
