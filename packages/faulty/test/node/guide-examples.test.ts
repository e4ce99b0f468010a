// The examples of docs/faulty-node.md that take `fs` as an argument: a plain function written
// against node:fs, and a library's `fs` option.
import type * as nodeFs from 'node:fs';
import { VirtualClock } from '@linklock/conformance';
import { createFaultyNodeFs } from '@linklock/faulty/node';
import { Volume } from 'memfs';
import * as lockfile from 'proper-lockfile';
import { describe, expect, it, onTestFailed } from 'vitest';

/** Appends a line to a log and makes it durable; `false` when the disk is full. */
export async function appendDurably(
  fs: typeof nodeFs,
  path: string,
  line: string,
): Promise<boolean> {
  const handle = await fs.promises.open(path, 'a');
  try {
    await handle.appendFile(`${line}\n`);
    await handle.sync();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return false;
    throw error;
  } finally {
    await handle.close();
  }
}

describe('code that takes fs as a parameter', () => {
  it('reports a full disk', async () => {
    const volume = new Volume();
    volume.mkdirSync('/var/log', { recursive: true });
    const faulty = createFaultyNodeFs({
      inner: volume,
      rules: [{ op: 'appendFile', errno: 'ENOSPC', partial: 4 }],
    });
    faulty.printOnFailure(onTestFailed);

    expect(await appendDurably(faulty.fs, '/var/log/app.log', 'started')).toBe(false);
    expect(volume.readFileSync('/var/log/app.log', 'utf8')).toBe('star'); // what did fit
  });

  it('EIO from fsync reaches the caller', async () => {
    const volume = new Volume();
    volume.mkdirSync('/var/log', { recursive: true });
    const faulty = createFaultyNodeFs({ inner: volume, rules: [{ op: 'fsync', errno: 'EIO' }] });

    await expect(appendDurably(faulty.fs, '/var/log/app.log', 'started')).rejects.toMatchObject({
      code: 'EIO',
      syscall: 'fsync',
    });
  });
});

describe("a library's fs option", () => {
  it('proper-lockfile: a lost mkdir reply leaves a lock nobody holds', async () => {
    const volume = new Volume();
    volume.mkdirSync('/srv');
    volume.writeFileSync('/srv/data', '');
    const faulty = createFaultyNodeFs({
      inner: volume,
      rules: [{ op: 'mkdir', path: '/srv/data.lock', errno: 'EEXIST', phase: 'after', times: 1 }],
    });

    const options = { fs: faulty.fs, realpath: false }; // (typed by packages/bench, without `fs`)

    await expect(lockfile.lock('/srv/data', options)).rejects.toMatchObject({ code: 'ELOCKED' });
    expect(volume.existsSync('/srv/data.lock')).toBe(true);
  });
});

describe('latency on a virtual clock', () => {
  it('slows the asynchronous forms, not the synchronous ones', async () => {
    const clock = new VirtualClock(0);
    const volume = new Volume();
    const { fs } = createFaultyNodeFs({
      inner: volume,
      clock,
      latency: { default: { minMs: 5, meanMs: 0 }, fsync: { minMs: 40, meanMs: 0 } },
    });

    await fs.promises.writeFile('/a', 'x'); // 5 ms
    const handle = await fs.promises.open('/a', 'r+'); // 5 ms
    await handle.sync(); // 40 ms
    await handle.close(); // 5 ms
    fs.writeFileSync('/b', 'y'); // none

    expect(clock.now()).toBe(55);
  });
});
