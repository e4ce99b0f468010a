import { VirtualClock } from '@linklock/conformance';
import { createFaultyNodeFs, type FaultyNodeFsOptions } from '@linklock/faulty/node';
import { Volume } from 'memfs';
import { onTestFailed } from 'vitest';

/**
 * A memfs volume holding `/d/a` ("abc"), and the facade over it with these options: the volume
 * is the truth, `fs` what the code under test sees. The facade's history is printed if the
 * test fails.
 */
export function faultyVolume(options: Omit<FaultyNodeFsOptions, 'inner'> = {}) {
  const volume = new Volume();
  volume.mkdirSync('/d');
  volume.writeFileSync('/d/a', 'abc');
  const faulty = createFaultyNodeFs({ inner: volume, ...options });
  faulty.printOnFailure(onTestFailed);
  return { volume, faulty, fs: faulty.fs };
}

/** A virtual clock at 0, for latency and delayed unlink. */
export function virtualClock(): VirtualClock {
  return new VirtualClock(0);
}

/** The error a call throws (sync) or rejects with; fails the test when it succeeds. */
export async function failure(call: () => unknown): Promise<NodeJS.ErrnoException> {
  try {
    await call();
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A callback-form call: a promise of its callback's arguments, and whether it called back before returning. */
export function called(start: (callback: (...results: unknown[]) => void) => void) {
  let returned = false;
  let beforeReturn = false;
  const answer = new Promise<unknown[]>((resolve) => {
    start((...results) => {
      beforeReturn = !returned;
      resolve(results);
    });
  });
  returned = true;
  return { answer, calledBeforeReturn: () => beforeReturn };
}
/** The fields a Node fs error is compared by. */
export function shape(error: NodeJS.ErrnoException & { dest?: string }) {
  return {
    name: error.name,
    message: error.message,
    code: error.code,
    errno: error.errno,
    syscall: error.syscall,
    path: error.path,
    dest: error.dest,
    keys: Object.keys(error).sort(),
  };
}
