import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROFILES, replay, SCENARIOS, simulate } from '../src/index.js';

const distEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('simulate()', () => {
  it('gives the same trace hash for the same seed, twice in one process', async () => {
    for (const profile of [...Object.keys(PROFILES), ...Object.keys(SCENARIOS)]) {
      const first = await simulate({ seed: 7, profile });
      const second = await simulate({ seed: 7, profile });
      expect(second.traceHash, profile).toBe(first.traceHash);
      expect(second.trace).toEqual(first.trace);
    }
  });

  it('gives the same trace hash in another process (the built package under plain node)', async () => {
    const here = await simulate({ seed: 11, profile: 'chaos' });
    const script = `import(${JSON.stringify(distEntry)}).then(async ({ simulate }) => console.log((await simulate({ seed: 11, profile: 'chaos' })).traceHash))`;
    const there = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
    expect(there).toBe(here.traceHash);
  });

  it('gives different runs for different seeds', async () => {
    const hashes = new Set<string>();
    for (let seed = 1; seed <= 10; seed += 1)
      hashes.add((await simulate({ seed, profile: 'nfs' })).traceHash);
    expect(hashes.size).toBe(10);
  });

  it('replay() runs the same seed again', async () => {
    const original = await simulate({ seed: 21, profile: 'skew', algorithm: 'flufl' });
    const again = await replay(21, { profile: 'skew', algorithm: 'flufl' });
    expect(again.traceHash).toBe(original.traceHash);
    expect(again.violations).toEqual(original.violations);
  });

  it('replays a run exactly from the options it resolved (what shrinking and reports rely on)', async () => {
    const original = await simulate({ seed: 5, profile: 'lossy' });
    const replayed = await simulate({ seed: 5, world: structuredClone(original.options) });
    expect(replayed.traceHash).toBe(original.traceHash);
  });

  it('reports what it ran: seed, profile, algorithm, options and statistics', async () => {
    const result = await simulate({
      seed: 3,
      profile: 'nfs',
      algorithm: 'linklock',
      clients: 3,
      processes: 5,
    });
    expect(result).toMatchObject({
      seed: 3,
      profile: 'nfs',
      algorithm: 'linklock',
      finished: true,
    });
    expect(result.options.processesPerClient).toEqual([2, 2, 1]);
    expect(result.stats.acquisitions).toBeGreaterThan(0);
    expect(result.stats.fileOperations).toBe(
      result.trace.filter((event) => event.kind === 'op').length,
    );
    expect(result.traceHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('cuts a run off after timeLimitMs of simulated time when asked, after two hours by default; a run cut off did not finish', async () => {
    expect((await simulate({ seed: 1, profile: 'local' })).options.timeLimitMs).toBe(7_200_000);
    // py-filelock-strict in nfs, seed 8: a holder dies inside, its claims stay, the others poll.
    const cut = await simulate({
      seed: 8,
      profile: 'nfs',
      algorithm: 'py-filelock-strict',
      timeLimitMs: 10_000,
    });
    expect(cut.options.timeLimitMs).toBe(10_000);
    expect(cut.finished).toBe(false);
    expect(cut.stats.simulatedMs).toBeLessThanOrEqual(10_000);
    expect(cut.violations.map((v) => v.message)).toContain(
      'the run did not finish within 10000 ms of simulated time',
    );
    await expect(simulate({ seed: 1, timeLimitMs: 0 })).rejects.toThrow(/timeLimitMs/);
    await expect(simulate({ seed: 1, timeLimitMs: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('rejects a bad seed, an unknown profile and an unknown algorithm, naming what is known', async () => {
    await expect(simulate({ seed: -1 })).rejects.toThrow(RangeError);
    await expect(simulate({ seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(simulate({ seed: 1, profile: 'moon' })).rejects.toThrow(
      /expected one of local, nfs/,
    );
    await expect(simulate({ seed: 1, algorithm: 'magic' })).rejects.toThrow(
      /expected one of linklock, linklock-fair, mailman21/,
    );
  });
});
