import type { FsAdapter, Logger } from '@linklock/core';
import type { MemfsAdapterOptions } from '@linklock/memfs';
import { createLock } from 'linklock';
import { Volume } from 'memfs';
import { contendUntil } from '../../src/check/contend-loop.js';
import type { ContendersResult, ContentionPlan } from '../../src/check/contenders.js';
import { declarationEntry } from '../../src/check/declaration.js';
import { inProcessPeer } from '../../src/check/in-process-peer.js';
import type { Observations } from '../../src/check/observations.js';
import { entry } from '../../src/check/report.js';
import type { CheckSubject } from '../../src/check/subject.js';
import {
  type CriticalSection,
  describeOverlap,
  findOverlaps,
  monotonicNow,
} from '../../src/demo/critical-sections.js';

/** An adapter class over a memfs volume: `MemfsAdapter` or one with a deliberate defect. */
export type MemoryAdapterClass = new (volume: Volume, options?: MemfsAdapterOptions) => FsAdapter;

const ROOT = '/shared';
const SCRATCH = `${ROOT}/.linklock-check-test`;

/**
 * What `linklock check` runs against, in memory: a memfs volume behind `Adapter` (each "process"
 * its own instance over the one volume), the other process and the contenders being async
 * tasks of this process. So each defect of a broken adapter can be shown to come out of the
 * check as the finding it should, in milliseconds and without a disk.
 */
export function memorySubject(Adapter: MemoryAdapterClass): CheckSubject & { volume: Volume } {
  const volume = new Volume();
  volume.mkdirSync(SCRATCH, { recursive: true });
  const fs = new Adapter(volume);
  let second: FsAdapter | undefined;
  return {
    volume,
    target: `memfs:${ROOT}`,
    otherView: null,
    scratch: SCRATCH,
    fs,
    declaredBy: Adapter.name,
    async secondAdapter() {
      second ??= new Adapter(volume);
      return second;
    },
    mkdir: async (path) => {
      volume.mkdirSync(path);
    },
    removeTree: async (path) => {
      volume.rmSync(path, { recursive: true, force: true });
    },
    makeSymlink: async (target, path) => {
      volume.symlinkSync(target, path);
    },
    startPeer: async () => inProcessPeer(new Adapter(volume), SCRATCH, 'another adapter'),
    runContenders: (plan) => contendInProcess(() => new Adapter(volume), SCRATCH, plan),
    async describeFilesystem(observed: Observations) {
      return [
        entry('filesystem', 'type', 'ok', 'an in-memory volume (memfs)'),
        declarationEntry(Adapter.name, fs.capabilities, observed),
      ];
    },
    async close() {
      volume.rmSync(SCRATCH, { recursive: true, force: true });
    },
  };
}

/** The contention run's contenders as tasks of this process, each with its own adapter and lock. */
async function contendInProcess(
  adapter: () => FsAdapter,
  scratch: string,
  plan: ContentionPlan,
): Promise<ContendersResult> {
  const directory = `${scratch}/${plan.directoryName}`;
  const sections: CriticalSection[] = [];
  const logged: string[] = [];
  const failures: string[] = [];
  const log = (level: string) => (message: string) => logged.push(`LOG ${level} ${message}`);
  const logger: Logger = { debug() {}, info() {}, warn: log('warn'), error: log('error') };
  const deadline = Date.now() + plan.durationMs;
  let acquisitions = 0;
  await Promise.all(
    Array.from({ length: plan.processes }, async (_, contender) => {
      const fs = adapter();
      const lock = createLock(`${directory}/${plan.lockName}`, { fs, logger });
      let start = 0n;
      try {
        await contendUntil(lock, fs, `${directory}/${plan.counterName}`, deadline, (kind) => {
          if (kind === 'start') {
            acquisitions += 1;
            start = monotonicNow();
          } else sections.push({ pid: contender, start, end: monotonicNow() });
        });
      } catch (error) {
        failures.push(`contender ${contender} failed: ${(error as Error)?.message ?? error}`);
      }
    }),
  );
  return {
    acquisitions,
    overlaps: findOverlaps(sections).map(describeOverlap),
    failures,
    logged,
  };
}
