import type { Logger } from '@linklock/core';
import { SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import type { AlgorithmContext, LegacyFs } from '@linklock/nfs-sim';
import { systemClock } from 'linklock';
import type { Volume } from 'memfs';

export interface LogLine {
  level: keyof Logger;
  message: string;
}

/** A logger that keeps its lines, for asserting what the locks said. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record = (level: keyof Logger) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** memfs plus the `utimes` the simulator's filesystem offers (the anchors set mtimes). */
export function legacyFs(volume: Volume): LegacyFs {
  return Object.assign(new MemfsAdapter(volume), {
    async utimes(path: string, mtimeMs: number) {
      volume.utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
    },
  });
}

/**
 * What the simulator hands one simulated process, built by hand over a memfs volume (host
 * `c1`, pid 7), for tests of the nfs-sim wiring outside a simulation.
 */
export function handMadeContext(
  volume: Volume,
  overrides: Partial<AlgorithmContext> = {},
): AlgorithmContext {
  return {
    lockfile: '/export/locks/jobs.lock',
    fs: legacyFs(volume),
    clock: systemClock,
    random: new SeededRandom(42),
    identity: { hostname: 'c1', pid: 7 },
    logger: recordingLogger(),
    lifetimeMs: 15_000,
    clockSlopMs: 10_000,
    onCompromised() {},
    ...overrides,
  };
}
