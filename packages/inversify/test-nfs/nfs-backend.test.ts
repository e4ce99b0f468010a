import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { FaultyFs } from '@linklock/faulty';
import { NfsAdapter } from '@linklock/nfs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinklockContainer, LINKLOCK } from '../src/index.js';
import { EXPORT_URL, useExportDirectory } from './support/nfs-server.js';

// The 'nfs' backend against nfs-ganesha (scripts/nfs/setup.sh). Each container gets its own
// adapter, its own TCP connection: two containers are two NFS clients.
const directory = useExportDirectory('inversify');
const adapters: NfsAdapter[] = [];

async function connect(): Promise<NfsAdapter> {
  const adapter = await NfsAdapter.connect(EXPORT_URL);
  adapters.push(adapter);
  return adapter;
}

afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.close();
});

describe("backend 'nfs'", () => {
  it("makes locks through the given adapter: the files appear on the server's disk, and go", async () => {
    const adapter = await connect();
    const container = createLinklockContainer({ backend: 'nfs', nfs: adapter });
    expect(container.get(LINKLOCK.FsAdapter)).toBe(adapter);
    const lock = container.get(LINKLOCK.LockFactory)(`${directory.inExport}/jobs.lock`);

    await lock.lock({ timeout: 5_000 });
    expect(readdirSync(directory.local).sort()).toEqual([
      'jobs.lock',
      expect.stringMatching(/^jobs\.lock\.claim\./),
    ]);
    // The node runtime's identity, as with the 'node' backend.
    expect(await lock.details()).toMatchObject({ hostname: hostname(), pid: process.pid });

    await lock.unlock();
    expect(readdirSync(directory.local)).toEqual([]);
  });

  it('two containers over two adapters exclude each other, and hand the lock over', async () => {
    const path = `${directory.inExport}/jobs.lock`;
    const first = createLinklockContainer({ backend: 'nfs', nfs: await connect() });
    const second = createLinklockContainer({ backend: 'nfs', nfs: await connect() });
    const holder = first.get(LINKLOCK.LockFactory)(path);
    const waiter = second.get(LINKLOCK.LockFactory)(path);

    await holder.lock({ timeout: 5_000 });
    expect(await waiter.tryLock()).toBe(false);
    expect(await waiter.state()).toBe('theirs');
    await expect(waiter.lock({ timeout: 300 })).rejects.toMatchObject({ code: 'ELOCKTIMEOUT' });

    // The waiter takes the lock as soon as the holder lets go.
    const waiting = waiter.lock({ timeout: 10_000 });
    await holder.unlock();
    await waiting;
    expect(await holder.state()).toBe('theirs');
    await waiter.unlock();
    expect(readdirSync(directory.local)).toEqual([]);
  });

  it('does not own the adapter: unbinding the container leaves it connected', async () => {
    const adapter = await connect();
    const container = createLinklockContainer({ backend: 'nfs', nfs: adapter });
    const lock = container.get(LINKLOCK.LockFactory)(`${directory.inExport}/jobs.lock`);
    await lock.lock({ timeout: 5_000 });
    await lock.unlock();

    await container.unbindAll();
    expect((await adapter.stat(directory.inExport)).isDirectory()).toBe(true);
  });

  it('`faults` wraps the NFS adapter in a FaultyFs that records the calls the locks made', async () => {
    const adapter = await connect();
    const container = createLinklockContainer({
      backend: 'nfs',
      nfs: adapter,
      faults: { rules: [{ op: 'link', path: /jobs\.lock$/, errno: 'EEXIST', phase: 'after' }] },
    });
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(FaultyFs);
    const lock = container.get(LINKLOCK.LockFactory)(`${directory.inExport}/jobs.lock`);

    // The link's reply is lost after it took effect on the server: the lock still holds.
    await lock.lock({ timeout: 5_000 });
    expect(await lock.isLocked()).toBe(true);
    expect(readdirSync(directory.local)).toContain('jobs.lock');
    await lock.unlock();
    expect(readdirSync(directory.local)).toEqual([]);
    expect((fs as FaultyFs).history().find((entry) => entry.op === 'link')).toMatchObject({
      injected: true,
    });
  });
});
