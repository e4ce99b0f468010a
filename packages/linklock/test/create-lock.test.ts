import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FsAdapter, Lock, LockTimeoutError } from '@linklock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLock } from '../src/create-lock.js';
import * as linklock from '../src/index.js';
import { NodeFsAdapter } from '../src/node-fs-adapter.js';
import { nodeIdentity } from '../src/node-identity.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'linklock-lock-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An adapter that counts the calls it passes on. */
function counting(inner: FsAdapter): FsAdapter & { calls: string[] } {
  const calls: string[] = [];
  const wrap =
    <A extends unknown[], R>(name: string, call: (...args: A) => R) =>
    (...args: A): R => {
      calls.push(name);
      return call(...args);
    };
  return {
    calls,
    capabilities: inner.capabilities,
    writeFile: wrap('writeFile', inner.writeFile.bind(inner)),
    read: wrap('read', inner.read.bind(inner)),
    writeAt: wrap('writeAt', inner.writeAt.bind(inner)),
    link: wrap('link', inner.link.bind(inner)),
    unlink: wrap('unlink', inner.unlink.bind(inner)),
    rename: wrap('rename', inner.rename.bind(inner)),
    stat: wrap('stat', inner.stat.bind(inner)),
    readdir: wrap('readdir', inner.readdir.bind(inner)),
  };
}

describe('createLock', () => {
  it('locks and unlocks a real directory, leaving no file behind', async () => {
    const path = join(dir, 'jobs.lock');
    const lock = createLock(path, { lifetime: 15_000 });
    expect(lock).toBeInstanceOf(Lock);
    expect(lock.lockfile).toBe(path);
    await lock.lock({ timeout: 5_000 });
    try {
      expect(lock.held).toBe(true);
      expect(await lock.state()).toBe('ours');
      expect(await lock.isLocked()).toBe(true);
      const details = await lock.details();
      expect(details).toMatchObject({ hostname: nodeIdentity().hostname, pid: process.pid });
      expect(fs.readdirSync(dir)).toContain('jobs.lock');
    } finally {
      await lock.unlock();
    }
    expect(lock.held).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await lock.state()).toBe('unlocked');
  });

  it('excludes a second lock until the first is released', async () => {
    const path = join(dir, 'jobs.lock');
    const first = createLock(path);
    const second = createLock(path);
    expect(await first.tryLock()).toBe(true);
    expect(await second.tryLock()).toBe(false);
    await expect(second.lock({ timeout: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(await second.state()).toBe('theirs');
    const waiting = second.lock({ timeout: 5_000 });
    setTimeout(() => void first.unlock(), 50);
    const start = Date.now();
    await waiting;
    expect(Date.now() - start).toBeLessThan(2_000);
    await second.unlock();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('releases through the handle of acquire()', async () => {
    const handle = await createLock(join(dir, 'jobs.lock')).acquire({ timeout: 5_000 });
    expect(handle.lock.held).toBe(true);
    await handle[Symbol.asyncDispose]();
    expect(handle.lock.held).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('resolves a relative path against the current directory', () => {
    expect(createLock('jobs.lock').lockfile).toBe(resolve('jobs.lock'));
    expect(createLock('./a/../b.lock').lockfile).toBe(resolve('b.lock'));
  });

  it('leaves invalid paths to core, which throws TypeError', () => {
    expect(() => createLock('')).toThrow(TypeError);
    expect(() => createLock('a\0b')).toThrow(TypeError);
    expect(() => createLock(`${dir}/`)).toThrow(TypeError);
    expect(() => createLock(`${dir}/..`)).toThrow(TypeError);
    expect(() => createLock(`${dir}/.`)).toThrow(TypeError);
    expect(() => createLock(42 as unknown as string)).toThrow(TypeError);
    expect(() => createLock(join(dir, 'a'), 'nope' as unknown as object)).toThrow(TypeError);
  });

  it('lets explicit options win over the defaults', async () => {
    const fsAdapter = counting(new NodeFsAdapter({ mode: 'async' }));
    const lock = createLock(join(dir, 'jobs.lock'), {
      fs: fsAdapter,
      identity: nodeIdentity({ hostname: 'other-host' }),
      autoRefresh: false,
    });
    await lock.lock({ timeout: 5_000 });
    expect((await lock.details())?.hostname).toBe('other-host');
    await lock.unlock();
    expect(fsAdapter.calls).toContain('link');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('waits out a holder on another host', async () => {
    const path = join(dir, 'jobs.lock');
    const remote = createLock(path, { identity: nodeIdentity({ hostname: 'other-host' }) });
    await remote.lock();
    const local = createLock(path);
    expect(await local.state()).toBe('theirs');
    expect(await local.tryLock()).toBe(false);
    await remote.unlock();
    expect(await local.tryLock()).toBe(true);
    await local.unlock();
  });

  it('breaks at once the lock of a holder that died on this host', async () => {
    const path = join(dir, 'jobs.lock');
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `import(${JSON.stringify(entry)}).then(async ({ createLock }) => {
      await createLock(${JSON.stringify(path)}, { lifetime: 60_000 }).lock();
      console.log('locked');
      setInterval(() => {}, 1_000);
    });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((done, fail) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('locked')) done();
        });
        child.on('exit', (code) => fail(new Error(`the holder exited early (${code})`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((done) => child.on('exit', done));
    const lock = createLock(path);
    expect(await lock.state()).toBe('stale');
    const start = Date.now();
    await lock.lock({ timeout: 5_000 });
    expect(Date.now() - start).toBeLessThan(2_000);
    await lock.unlock();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('the linklock entry', () => {
  it('exports the Node pieces and everything of core', () => {
    expect(linklock.createLock).toBe(createLock);
    expect(linklock.NodeFsAdapter).toBe(NodeFsAdapter);
    expect(typeof linklock.systemClock.now).toBe('function');
    expect(typeof linklock.nodeRandom.nonce).toBe('function');
    expect(typeof linklock.nodeIdentity).toBe('function');
    expect(linklock.Lock).toBe(Lock);
    expect(linklock.LockTimeoutError).toBe(LockTimeoutError);
    expect(typeof linklock.FsError).toBe('function');
    expect(typeof linklock.parseMountinfo).toBe('function');
  });
});
