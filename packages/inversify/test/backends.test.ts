import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@linklock/core';
import { FaultyFs, SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { NodeFsAdapter } from 'linklock';
import { Volume } from 'memfs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLinklockContainer, LINKLOCK, type LinklockContainerOptions } from '../src/index.js';
import { handMadeContext, recordingLogger } from './support/context.js';

describe("backend 'node'", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linklock-inversify-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes locks on the real disk that exclude each other and leave nothing behind', async () => {
    const container = createLinklockContainer({
      backend: 'node',
      fs: { capabilities: { watchSeesOtherHosts: false } },
    });
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(NodeFsAdapter);
    expect(fs.capabilities.watchSeesOtherHosts).toBe(false);
    const newLock = container.get(LINKLOCK.LockFactory);
    const path = join(dir, 'jobs.lock');
    const first = newLock(path);
    const second = newLock(path);

    await first.lock({ timeout: 1_000 });
    expect(readdirSync(dir)).toContain('jobs.lock');
    expect(await second.tryLock()).toBe(false);
    expect(await second.state()).toBe('theirs');
    expect(await first.details()).toMatchObject({ hostname: hostname(), pid: process.pid });

    await first.unlock();
    expect(readdirSync(dir)).toEqual([]);
    expect(await second.tryLock()).toBe(true);
    await second.unlock();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("applies the container's lock defaults, and a factory call's options over them", async () => {
    const container = createLinklockContainer({
      backend: 'node',
      lock: { lifetime: 60_000, autoRefresh: false },
    });
    const newLock = container.get(LINKLOCK.LockFactory);

    const byDefault = newLock(join(dir, 'a.lock'));
    const before = Date.now();
    await byDefault.lock({ timeout: 1_000 });
    const expiresIn = (await byDefault.details())!.expiresAt - before;
    expect(expiresIn).toBeGreaterThan(55_000);
    expect(expiresIn).toBeLessThan(65_000);
    await byDefault.unlock();

    const overridden = newLock(join(dir, 'b.lock'), { lifetime: 2_000 });
    await overridden.lock({ timeout: 1_000 });
    const overriddenIn = (await overridden.details())!.expiresAt - Date.now();
    expect(overriddenIn).toBeGreaterThan(0);
    expect(overriddenIn).toBeLessThanOrEqual(2_500);
    await overridden.unlock();
  });
});

describe("backend 'memfs'", () => {
  it("locks in the container's volume, which a test can read", async () => {
    const container = createLinklockContainer({ backend: 'memfs' });
    const volume = container.get(LINKLOCK.MemfsVolume);
    volume.mkdirSync('/locks');
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(MemfsAdapter);
    expect((fs as MemfsAdapter).volume).toBe(volume);

    const newLock = container.get(LINKLOCK.LockFactory);
    const first = newLock('/locks/jobs.lock');
    const second = newLock('/locks/jobs.lock');
    await first.lock({ timeout: 1_000 });
    // The lock file is a second name of the holder's claim file.
    expect(volume.readdirSync('/locks')).toEqual([
      'jobs.lock',
      expect.stringMatching(/^jobs\.lock\.claim\./),
    ]);
    expect(await second.tryLock()).toBe(false);

    await first.unlock();
    expect(volume.readdirSync('/locks')).toEqual([]);
    expect(await second.tryLock()).toBe(true);
    await second.unlock();
  });

  it('passes the lock defaults to every lock (fencing tokens here)', async () => {
    const container = createLinklockContainer({ backend: 'memfs', lock: { fencing: true } });
    container.get(LINKLOCK.MemfsVolume).mkdirSync('/locks');
    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');

    const tokens: (number | undefined)[] = [];
    for (let i = 0; i < 3; i += 1) {
      await lock.lock({ timeout: 1_000 });
      tokens.push(lock.fencingToken);
      await lock.unlock();
    }
    expect(tokens).toEqual([1, 2, 3]);
  });

  it("sends the locks' log lines to the `logger` option", async () => {
    const logger = recordingLogger();
    const container = createLinklockContainer({
      backend: 'memfs',
      logger,
      // The lost reply of `link`: the lock notices the link took effect, and says so at debug.
      faults: {
        rules: [{ op: 'link', path: '/locks/jobs.lock', errno: 'EEXIST', phase: 'after' }],
      },
    });
    expect(container.get(LINKLOCK.Logger)).toBe(logger);
    container.get(LINKLOCK.MemfsVolume).mkdirSync('/locks');
    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');

    await lock.lock({ timeout: 1_000 });
    expect(await lock.isLocked()).toBe(true);
    await lock.unlock();
    expect(logger.lines).toContainEqual({
      level: 'debug',
      message: expect.stringContaining('lost reply'),
    });
  });
});

describe("backend 'faulty'", () => {
  it('puts a FaultyFs over memfs whose history records every call of the lock', async () => {
    const container = createLinklockContainer({ backend: 'faulty' });
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(FaultyFs);
    container.get(LINKLOCK.MemfsVolume).mkdirSync('/locks');
    const newLock = container.get(LINKLOCK.LockFactory);

    const lock = newLock('/locks/jobs.lock');
    await lock.lock({ timeout: 1_000 });
    await lock.unlock();

    const history = (fs as FaultyFs).history();
    const link = history.find((entry) => entry.op === 'link');
    expect(link).toMatchObject({ outcome: 'ok', injected: false });
    expect(link!.paths[0]).toMatch(/^\/locks\/jobs\.lock\.claim\./);
    expect(link!.paths[1]).toBe('/locks/jobs.lock');
    // unlock() renames the lock file aside before removing it (H8): through the same FaultyFs.
    const rename = history.find((entry) => entry.op === 'rename');
    expect(rename!.paths[0]).toBe('/locks/jobs.lock');
    expect(history.every((entry) => entry.outcome === 'ok' && !entry.injected)).toBe(true);
    expect(container.get(LINKLOCK.MemfsVolume).readdirSync('/locks')).toEqual([]);
  });

  it('applies `faults` rules on the faulty backend', async () => {
    const container = createLinklockContainer({
      backend: 'faulty',
      faults: { rules: [{ op: 'writeFile', errno: 'EROFS' }] },
    });
    container.get(LINKLOCK.MemfsVolume).mkdirSync('/locks');
    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');

    await expect(lock.lock({ timeout: 1_000 })).rejects.toMatchObject({ code: 'EROFS' });
    expect(container.get(LINKLOCK.MemfsVolume).readdirSync('/locks')).toEqual([]);
  });
});

describe("backend 'nfs-sim'", () => {
  it("makes locks from the simulated process's filesystem, randomness, identity and logger", async () => {
    const volume = new Volume();
    volume.mkdirSync('/export/locks', { recursive: true });
    const seeded = new SeededRandom(42);
    let nonces = 0;
    const context = handMadeContext(volume, {
      random: {
        next: () => seeded.next(),
        nonce: () => {
          nonces += 1;
          return seeded.nonce();
        },
      },
    });
    const container = createLinklockContainer({ backend: 'nfs-sim', simulated: context });
    expect(container.get(LINKLOCK.Logger)).toBe(context.logger);
    const newLock = container.get(LINKLOCK.LockFactory);

    const first = newLock(context.lockfile);
    await first.lock({ timeout: 1_000 });
    expect(await first.details()).toMatchObject({ hostname: 'c1', pid: 7 });
    expect(nonces).toBeGreaterThan(0);
    // The claim file is named after the simulated host and pid.
    expect(volume.readdirSync('/export/locks')).toEqual([
      'jobs.lock',
      expect.stringMatching(/^jobs\.lock\.claim\.c1\.7\./),
    ]);
    expect(await newLock(context.lockfile).tryLock()).toBe(false);
    await first.unlock();
    expect(volume.readdirSync('/export/locks')).toEqual([]);
  });

  it("keeps time on the simulated process's clock", async () => {
    const hourAhead: Clock = {
      now: () => Date.now() + 3_600_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    const volume = new Volume();
    volume.mkdirSync('/export/locks', { recursive: true });
    const context = handMadeContext(volume, { clock: hourAhead });
    const container = createLinklockContainer({
      backend: 'nfs-sim',
      simulated: context,
      lock: { lifetime: 15_000, timeSource: 'local' },
    });
    const lock = container.get(LINKLOCK.LockFactory)(context.lockfile);
    await lock.lock({ timeout: 1_000 });
    const expiresIn = (await lock.details())!.expiresAt - hourAhead.now();
    expect(expiresIn).toBeGreaterThan(14_000);
    expect(expiresIn).toBeLessThanOrEqual(15_000);
    await lock.unlock();
  });
});

describe('createLinklockContainer', () => {
  it('rejects an unknown backend with a TypeError naming the valid ones', () => {
    const options = { backend: 'tmpfs' } as unknown as LinklockContainerOptions;
    expect(() => createLinklockContainer(options)).toThrow(TypeError);
    expect(() => createLinklockContainer(options)).toThrow(
      /Unknown backend "tmpfs": expected 'node', 'memfs', 'faulty', 'nfs-sim' or 'nfs'/,
    );
  });

  it("rejects backend 'nfs' without an adapter, saying what to pass", () => {
    const options = { backend: 'nfs' } as unknown as LinklockContainerOptions;
    expect(() => createLinklockContainer(options)).toThrow(
      /backend 'nfs' needs the option `nfs`: a connected adapter \(await NfsAdapter\.connect/,
    );
  });
});
