import { describe, expect, it } from 'vitest';
import { runSeeds, simulate } from '../src/index.js';
import type { TraceEventOf } from '../src/trace/trace-event.js';

describe('a shared lock that trusts a listing is caught (H19)', () => {
  it('naive-rw in nfs: a writer enters while a reader is inside, after a stale listing', async () => {
    const batch = await runSeeds({ seeds: 5, profile: 'nfs', algorithm: 'naive-rw' });
    const run = batch.runs.find((r) => r.violations.some((v) => v.checker === 'rw-safety'));
    expect(run, 'naive-rw should show an rw-safety violation within 5 nfs seeds').toBeDefined();

    const replayed = await simulate({ seed: run!.seed, profile: 'nfs', algorithm: 'naive-rw' });

    expect(replayed.traceHash).toBe(run!.traceHash);
    const overlap = replayed.violations.find((v) => v.checker === 'rw-safety')!;
    expect(overlap.message).toMatch(/reader, client .*writer, client/s);
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
