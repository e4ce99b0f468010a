import { RecordingLogger, VirtualClock } from '@linklock/conformance';
import { type FsAdapter, Lock, type LockOptions } from '@linklock/core';
import { MemfsAdapter } from '@linklock/memfs';
import { Volume } from 'memfs';
import { SeededRandom } from '../../src/seeded-random.js';

export const LOCK = '/locks/jobs.lock';

/**
 * The stage of the showcases: one in-memory disk whose mtimes follow virtual time, and
 * processes (each a Lock with its own identity, logger and clock) that reach it through
 * whatever adapter the test gives them — usually a FaultyFs.
 */
export function stage() {
  const volume = new Volume();
  volume.mkdirSync('/locks');
  const time = new VirtualClock(1_750_000_000_000);
  const disk = new MemfsAdapter(volume, { clock: time });
  let nextPid = 100;

  function processOn(
    fs: FsAdapter,
    name: string,
    options: Partial<LockOptions> & { hostname?: string } = {},
  ) {
    const { hostname = 'host-a', ...lockOptions } = options;
    const logger = new RecordingLogger();
    const clock = time.view();
    const pid = nextPid++;
    const lock = new Lock(LOCK, {
      fs,
      clock,
      random: new SeededRandom(`${name}-${pid}`),
      identity: {
        hostname,
        pid,
        bootId: 'boot-1',
        pidNamespace: 'pid:[1]',
        isProcessAlive: () => true,
      },
      logger,
      ...lockOptions,
    });
    return { lock, logger, clock };
  }

  const files = () => (volume.readdirSync('/locks') as string[]).map(String).sort();
  return { volume, time, disk, processOn, files };
}
