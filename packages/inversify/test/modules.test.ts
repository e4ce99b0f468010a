import { hostname } from 'node:os';
import { silentLogger } from '@linklock/core';
import { FaultyFs, SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import { Container } from 'inversify';
import { NodeFsAdapter, nodeRandom, systemClock } from 'linklock';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import {
  faultyModule,
  LINKLOCK,
  lockModule,
  memfsModule,
  nfsSimModule,
  nodeFsModule,
  nodeRuntimeModule,
} from '../src/index.js';
import { handMadeContext, recordingLogger } from './support/context.js';

/** Binds every collaborator of the lock module by hand, over `volume`. */
function containerWithCollaborators(volume: Volume): Container {
  const container = new Container();
  container.bind(LINKLOCK.FsAdapter).toConstantValue(new MemfsAdapter(volume));
  container.bind(LINKLOCK.Clock).toConstantValue(systemClock);
  container.bind(LINKLOCK.Random).toConstantValue(new SeededRandom(3));
  container.bind(LINKLOCK.HostIdentity).toConstantValue({ hostname: 'h1', pid: 11 });
  container.bind(LINKLOCK.Logger).toConstantValue(silentLogger);
  return container;
}

describe('nodeRuntimeModule', () => {
  it("binds this process's clock, randomness, identity and a silent logger, and no filesystem", () => {
    const container = new Container();
    container.load(nodeRuntimeModule());
    expect(container.get(LINKLOCK.Clock)).toBe(systemClock);
    expect(container.get(LINKLOCK.Random)).toBe(nodeRandom);
    expect(container.get(LINKLOCK.HostIdentity)).toMatchObject({
      hostname: hostname(),
      pid: process.pid,
    });
    expect(container.get(LINKLOCK.Logger)).toBe(silentLogger);
    expect(container.isBound(LINKLOCK.FsAdapter)).toBe(false);
    expect(container.isBound(LINKLOCK.LockFactory)).toBe(false);
  });
});

describe('nodeFsModule', () => {
  it('binds one NodeFsAdapter per container, built with the given options', () => {
    const container = new Container();
    container.load(nodeFsModule({ capabilities: { reliableNlink: false } }));
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(NodeFsAdapter);
    expect(fs.capabilities.reliableNlink).toBe(false);
    expect(container.get(LINKLOCK.FsAdapter)).toBe(fs);

    const other = new Container();
    other.load(nodeFsModule());
    expect(other.get(LINKLOCK.FsAdapter)).not.toBe(fs);
    expect(other.get(LINKLOCK.FsAdapter).capabilities.reliableNlink).toBe(true);
    expect(other.isBound(LINKLOCK.Clock)).toBe(false);
  });
});

describe('memfsModule', () => {
  it("binds a MemfsAdapter over the container's own volume", async () => {
    const container = new Container();
    container.load(memfsModule());
    const volume = container.get(LINKLOCK.MemfsVolume);
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(MemfsAdapter);
    expect(container.get(LINKLOCK.FsAdapter)).toBe(fs);

    await fs.writeFile('/report.txt', 'hello');
    expect(volume.readFileSync('/report.txt', 'utf8')).toBe('hello');
  });

  it('uses a given volume, and passes the adapter options on', async () => {
    const volume = new Volume();
    const container = new Container();
    container.load(memfsModule({ volume, capabilities: { reliableIno: false } }));
    expect(container.get(LINKLOCK.MemfsVolume)).toBe(volume);
    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs.capabilities.reliableIno).toBe(false);
    await fs.writeFile('/report.txt', 'hello');
    expect(volume.readFileSync('/report.txt', 'utf8')).toBe('hello');
  });
});

describe('faultyModule', () => {
  it('wraps whatever filesystem is bound in one FaultyFs that applies the rules', async () => {
    const volume = new Volume();
    const container = new Container();
    container.bind(LINKLOCK.FsAdapter).toConstantValue(new MemfsAdapter(volume));
    container.load(
      faultyModule({ rules: [{ op: 'writeFile', path: '/full.txt', errno: 'ENOSPC' }] }),
    );

    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(FaultyFs);
    // One FaultyFs per container: what the test reads is what the locks used.
    expect(container.get(LINKLOCK.FsAdapter)).toBe(fs);

    await fs.writeFile('/ok.txt', 'fine');
    await expect(fs.writeFile('/full.txt', 'nope')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(volume.readdirSync('/')).toEqual(['ok.txt']);
    expect((fs as FaultyFs).history().map((entry) => `${entry.op} ${entry.outcome}`)).toEqual([
      'writeFile ok',
      'writeFile ENOSPC',
    ]);
  });

  it('wraps a filesystem bound after the module was loaded', async () => {
    const container = new Container();
    container.load(faultyModule({ rules: [{ op: 'unlink', errno: 'EIO' }] }));
    const volume = new Volume();
    container.bind(LINKLOCK.FsAdapter).toConstantValue(new MemfsAdapter(volume));

    const fs = container.get(LINKLOCK.FsAdapter);
    expect(fs).toBeInstanceOf(FaultyFs);
    await fs.writeFile('/a.txt', 'a');
    await expect(fs.unlink('/a.txt')).rejects.toMatchObject({ code: 'EIO' });
    expect(volume.readdirSync('/')).toEqual(['a.txt']);
  });

  it('stops wrapping once the filesystem is rebound (inversify drops its activations)', () => {
    const container = new Container();
    container.bind(LINKLOCK.FsAdapter).toConstantValue(new MemfsAdapter());
    container.load(faultyModule());
    expect(container.get(LINKLOCK.FsAdapter)).toBeInstanceOf(FaultyFs);

    const replacement = new MemfsAdapter();
    container.rebind(LINKLOCK.FsAdapter).toConstantValue(replacement);
    expect(container.get(LINKLOCK.FsAdapter)).toBe(replacement);
  });
});

describe('lockModule', () => {
  it("makes locks from the container's collaborators with its defaults", async () => {
    const volume = new Volume();
    volume.mkdirSync('/locks');
    const container = containerWithCollaborators(volume);
    container.load(lockModule({ lifetime: 4_000, autoRefresh: false }));
    expect(container.get(LINKLOCK.LockOptions)).toEqual({ lifetime: 4_000, autoRefresh: false });
    const newLock = container.get(LINKLOCK.LockFactory);
    expect(container.get(LINKLOCK.LockFactory)).toBe(newLock);

    const lock = newLock('/locks/jobs.lock');
    const before = Date.now();
    await lock.lock({ timeout: 1_000 });
    expect(volume.readdirSync('/locks')).toEqual([
      'jobs.lock',
      expect.stringMatching(/^jobs\.lock\.claim\.h1\.11\./),
    ]);
    const details = (await lock.details())!;
    expect(details).toMatchObject({ hostname: 'h1', pid: 11 });
    expect(details.expiresAt - before).toBeGreaterThanOrEqual(3_900);
    expect(details.expiresAt - before).toBeLessThan(4_500);
    await lock.unlock();
    expect(volume.readdirSync('/locks')).toEqual([]);
  });

  it('uses the collaborators bound when the factory is first resolved (a rebind before that wins)', async () => {
    const original = new Volume();
    const replacement = new Volume();
    replacement.mkdirSync('/locks');
    const container = containerWithCollaborators(original);
    container.load(lockModule());
    container.rebind(LINKLOCK.FsAdapter).toConstantValue(new MemfsAdapter(replacement));

    const lock = container.get(LINKLOCK.LockFactory)('/locks/jobs.lock');
    await lock.lock({ timeout: 1_000 });
    expect(replacement.existsSync('/locks/jobs.lock')).toBe(true);
    expect(original.existsSync('/locks')).toBe(false);
    await lock.unlock();
  });

  it('cannot make locks without a filesystem bound', () => {
    const container = new Container();
    container.load(nodeRuntimeModule(), lockModule());
    expect(() => container.get(LINKLOCK.LockFactory)).toThrow(/@linklock\/FsAdapter/);
  });
});

describe('nfsSimModule', () => {
  it("binds the simulated process's filesystem, clock, randomness, identity and logger", () => {
    const context = handMadeContext(new Volume(), { logger: recordingLogger() });
    const container = new Container();
    container.load(nfsSimModule(context));
    expect(container.get(LINKLOCK.FsAdapter)).toBe(context.fs);
    expect(container.get(LINKLOCK.Clock)).toBe(context.clock);
    expect(container.get(LINKLOCK.Random)).toBe(context.random);
    expect(container.get(LINKLOCK.HostIdentity)).toBe(context.identity);
    expect(container.get(LINKLOCK.Logger)).toBe(context.logger);
    expect(container.isBound(LINKLOCK.LockFactory)).toBe(false);
  });
});
