import { FaultyFs } from '@linklock/faulty';
import { createLinklockContainer, LINKLOCK } from '@linklock/inversify';
import type { Container } from 'inversify';
import { Volume } from 'memfs';
import { describe, expect, it, onTestFailed } from 'vitest';
import { type AppOptions, createAppContainer } from '../src/container.js';
import { ReportPublisher } from '../src/report-publisher.js';

/** The application's container over an in-memory disk holding `/reports`. */
function testContainer(linklock: AppOptions['linklock'] = { backend: 'memfs' }): {
  container: Container;
  volume: Volume;
} {
  const container = createAppContainer({
    reports: { directory: '/reports', lockTimeoutMs: 100 },
    linklock,
  });
  const volume = container.get(LINKLOCK.MemfsVolume);
  volume.mkdirSync('/reports', { recursive: true });
  return { container, volume };
}

describe('ReportPublisher', () => {
  it('publishes the report under the lock, leaving only the report', async () => {
    const { container, volume } = testContainer();
    const publisher = container.get(ReportPublisher);

    expect(await publisher.publish('daily.txt', 'all good')).toEqual({
      ok: true,
      path: '/reports/daily.txt',
    });
    expect(volume.readFileSync('/reports/daily.txt', 'utf8')).toBe('all good');
    expect(volume.readdirSync('/reports')).toEqual(['daily.txt']);
  });

  it('reports a full disk, releases its lock and leaves no partial file', async () => {
    const { container, volume } = testContainer();
    // Wrap the container's filesystem in a FaultyFs, and rebind it before resolving the
    // service: the service and its locks get the FaultyFs. `phase: 'after'`: the temporary
    // file exists when ENOSPC arrives, as after a short write.
    const fs = new FaultyFs(container.get(LINKLOCK.FsAdapter), {
      rules: [
        { name: 'disk full', op: 'writeFile', path: /\.tmp$/, errno: 'ENOSPC', phase: 'after' },
      ],
    });
    fs.printOnFailure(onTestFailed);
    container.rebind(LINKLOCK.FsAdapter).toConstantValue(fs);
    const publisher = container.get(ReportPublisher);

    expect(await publisher.publish('daily.txt', 'all good')).toMatchObject({
      ok: false,
      reason: 'disk-full',
    });
    // No report, no temporary file, no lock file, no claim file.
    expect(volume.readdirSync('/reports')).toEqual([]);
    // The lock is free: another publisher takes it at once.
    const other = container.get(LINKLOCK.LockFactory)(publisher.lockPath);
    expect(await other.tryLock()).toBe(true);
    await other.unlock();
    // The fault fired once, on the temporary file.
    expect(fs.history().filter((entry) => entry.injected)).toMatchObject([
      { op: 'writeFile', paths: ['/reports/daily.txt.tmp'], outcome: 'ENOSPC', tookEffect: true },
    ]);
  });

  it('reports another filesystem error with its code (faults given to the container)', async () => {
    const { container, volume } = testContainer({
      backend: 'memfs',
      faults: { rules: [{ op: 'rename', path: /\.tmp$/, errno: 'EIO' }] },
    });
    const publisher = container.get(ReportPublisher);

    expect(await publisher.publish('daily.txt', 'all good')).toMatchObject({
      ok: false,
      reason: 'io-error',
      code: 'EIO',
    });
    expect(volume.readdirSync('/reports')).toEqual([]);
  });

  it('reports busy after its timeout while another process holds the lock', async () => {
    // Two containers on one volume: two processes sharing the reports directory.
    const volume = new Volume();
    volume.mkdirSync('/reports');
    const { container } = testContainer({ backend: 'memfs', memfs: { volume } });
    const publisher = container.get(ReportPublisher);
    const otherProcess = createLinklockContainer({ backend: 'memfs', memfs: { volume } });
    const holder = otherProcess.get(LINKLOCK.LockFactory)(publisher.lockPath);
    await holder.lock();

    const started = Date.now();
    const outcome = await publisher.publish('daily.txt', 'all good');
    expect(outcome).toMatchObject({ ok: false, reason: 'busy' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    // Nothing written; only the holder's lock file and its claim remain.
    expect(volume.readdirSync('/reports')).toEqual([
      'publish.lock',
      expect.stringMatching(/^publish\.lock\.claim\./),
    ]);

    await holder.unlock();
    expect(await publisher.publish('daily.txt', 'all good')).toMatchObject({ ok: true });
    expect(volume.readdirSync('/reports')).toEqual(['daily.txt']);
  });
});
