import type { FileRead, FsAdapter, LockCompromisedError } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { DIR, World } from './support/world.js';

const SHORT = { lifetime: 1_000, clockSlop: 500 };

/**
 * An NFS client's caches at their worst (H19): every listing of the lock directory is the one
 * it took first, and every name it once found missing stays missing for reads (a negative
 * lookup cache) until the client itself learns otherwise: a create or link of that name that
 * the server refuses with EEXIST drops the cached "missing" (Linux's NFS client drops the
 * dentry on a failed create or link). Names decided by the server stay truthful.
 */
class StaleCachesFs implements FsAdapter {
  readonly capabilities: FsAdapter['capabilities'];
  readonly #inner: FsAdapter;
  #listing: string[] | undefined;
  readonly #missing = new Set<string>();

  constructor(inner: FsAdapter) {
    this.#inner = inner;
    this.capabilities = inner.capabilities;
  }

  async readdir(path: string): Promise<string[]> {
    this.#listing ??= await this.#inner.readdir(path);
    return [...this.#listing];
  }

  async read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    if (this.#missing.has(path))
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    try {
      return await this.#inner.read(path, options);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') this.#missing.add(path);
      throw error;
    }
  }

  writeFile: FsAdapter['writeFile'] = (path, ...rest) =>
    this.#learning(path, this.#inner.writeFile(path, ...rest));
  link: FsAdapter['link'] = (existing, path) =>
    this.#learning(path, this.#inner.link(existing, path));
  writeAt: FsAdapter['writeAt'] = (...args) => this.#inner.writeAt(...args);
  unlink: FsAdapter['unlink'] = (...args) => this.#inner.unlink(...args);
  rename: FsAdapter['rename'] = (...args) => this.#inner.rename(...args);
  stat: FsAdapter['stat'] = (...args) => this.#inner.stat(...args);

  /** Whatever the server answered about `path`, the client no longer assumes it missing. */
  async #learning(path: string, operation: Promise<void>): Promise<void> {
    try {
      await operation;
    } finally {
      this.#missing.delete(path);
    }
  }
}

/** Settles a promise into a flag, so a pending acquisition can be looked at. */
function track<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  promise.then(mark, mark);
  return { done: () => settled, promise };
}

describe('H19: cached listings and lookups never decide who holds a shared lock', () => {
  it('a writer whose client cached the directory empty and every name missing still waits for a reader', async () => {
    const world = new World();
    // The writer's client looks first, before anything exists, and trusts its caches since.
    const w = world.process('w', { hostname: 'host-w', wrap: (fs) => new StaleCachesFs(fs) });
    expect(await w.rw.state()).toEqual({ writer: undefined, waitingWriter: false, readers: [] });
    await w.fs.readdir(DIR);
    await expect(w.fs.read(`${DIR}/jobs.lock.slot.0`, { maxBytes: 10 })).rejects.toThrow(/ENOENT/);
    const reader = world.process('reader', { hostname: 'host-r' });
    const reading = await reader.rw.acquireRead();

    const writing = track(w.rw.acquireWrite());
    await world.time.sleep(2_000);
    expect(writing.done()).toBe(false);
    await reading.release();
    await (await writing.promise).release();
  });

  it('a reader that cached the slot count missing does not take a slot writers cannot see', async () => {
    const world = new World();
    const r = world.process('r', { hostname: 'host-r', wrap: (fs) => new StaleCachesFs(fs) });
    await r.rw.state(); // caches "no slot count" (and no gate)
    const other = world.process('other', { hostname: 'host-o' });
    const first = await other.rw.acquireRead();
    const second = await r.rw.acquireRead();
    // The exclusive create said the count exists; the stale reader then read... nothing, so it
    // could not go on blindly: it must have counted its slot.
    expect(world.read('jobs.lock.slots')).toBe('linklock slots 1\n..');
    await first.release();
    await second.release();
  }, 10_000);
});

describe('shared lock hazards', () => {
  /**
   * A reader stalls after reading the slot count, before counting the new slot it is about to
   * take; its gate expires and a writer breaks it, counts no slot and writes. `claimSurvives`:
   * the writer's removal of the stalled reader's claim fails, so the reader's link to its slot
   * succeeds and only its check of the gate stops it.
   */
  async function staleRegistration(claimSurvives: boolean) {
    const world = new World();
    const reader = world.process('reader', { hostname: 'host-r', lock: SHORT });
    const w = world.process('w', { hostname: 'host-w', lock: SHORT });
    if (claimSurvives) w.fs.addRule({ op: 'unlink', path: /jobs\.lock\.reader\./, errno: 'EIO' });
    const stalled = reader.fs.pause({ op: 'writeAt', path: /jobs\.lock\.slots$/ });
    const reading = track(reader.rw.acquireRead());
    await stalled.reached;
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    const writing = await w.rw.acquireWrite({ timeout: 5_000 });
    stalled.release();
    await world.time.sleep(3 * SHORT.lifetime);
    expect(reading.done()).toBe(false); // waiting behind the writer, not reading beside it
    expect((await w.rw.state()).readers).toEqual([]);
    await writing.release();
    await (await reading.promise).release();
    return { world, reader };
  }

  it('a reader whose gate is broken while it registers finds its claim removed and starts over', async () => {
    const { world, reader } = await staleRegistration(false);
    expect(reader.logger.said('warn', /removed while taking a reader slot; starting over/)).toBe(
      true,
    );
    expect(world.files()).toEqual(['jobs.lock.slots']);
  });

  it('a reader whose gate is broken while it registers leaves the slot it took when the gate is not its own', async () => {
    const { reader } = await staleRegistration(true);
    expect(reader.logger.said('warn', /gate was lost while taking a reader slot/)).toBe(true);
  });

  it('a writer whose gate is broken while it waits for readers starts over, behind the writer that broke it', async () => {
    const world = new World();
    // A reader with a long lease: the jump in time below expires only w1's gate.
    const reader = world.process('reader', { hostname: 'host-r', lock: { lifetime: 60_000 } });
    const w1 = world.process('w1', { hostname: 'host-w1', lock: SHORT });
    const w2 = world.process('w2', { hostname: 'host-w2', lock: SHORT });
    const reading = await reader.rw.acquireRead();
    // w1 stalls at the first refresh of its gate while it waits for the reader.
    const first = track(w1.rw.acquireWrite());
    await world.time.sleep(100); // w1 holds the gate and waits for the reader
    const stalled = w1.fs.pause({ op: 'writeAt', path: /jobs\.lock\.claim\./ });
    await stalled.reached;
    world.time.advance(SHORT.lifetime + SHORT.clockSlop + 1);
    const second = track(w2.rw.acquireWrite()); // breaks w1's expired gate, waits for the reader
    await world.time.sleep(100);
    stalled.release();
    await world.time.sleep(100);
    expect(w1.logger.said('warn', /gate was lost while waiting for readers/)).toBe(true);
    expect(first.done()).toBe(false);
    await reading.release();
    const w2Writing = await second.promise;
    await world.time.sleep(500);
    expect(first.done()).toBe(false);
    await w2Writing.release();
    await (await first.promise).release();
    expect(world.files()).toEqual(['jobs.lock.slots']);
  });

  it('a reader that crashed on this host is replaced by a writer at once', async () => {
    const world = new World();
    const reader = world.process('reader');
    const w = world.process('w');
    await reader.rw.acquireRead();
    reader.crash();
    const start = world.time.now();
    await (await w.rw.acquireWrite()).release();
    expect(world.time.now() - start).toBeLessThan(100);
    expect(w.logger.said('info', /broke/)).toBe(true);
    expect(world.files()).toEqual(['jobs.lock.slots']);
  });

  it('a reader that vanished on another host blocks a writer for its lifetime + slop, not longer', async () => {
    const world = new World();
    const reader = world.process('reader', {
      hostname: 'host-r',
      lock: { ...SHORT, autoRefresh: false },
    });
    const w = world.process('w', { lock: SHORT });
    await reader.rw.acquireRead();
    const start = world.time.now();
    await (await w.rw.acquireWrite()).release();
    const waited = world.time.now() - start;
    expect(waited).toBeGreaterThanOrEqual(SHORT.lifetime);
    expect(waited).toBeLessThan(SHORT.lifetime + SHORT.clockSlop + 1_000);
    expect(world.files()).toEqual(['jobs.lock.slots']);
  });

  it('a reader stalled past its lifetime is told: onCompromised, and its release rejects with ECOMPROMISED', async () => {
    const world = new World();
    const losses: LockCompromisedError[] = [];
    const reader = world.process('reader', {
      hostname: 'host-r',
      lock: { ...SHORT, onCompromised: (error) => losses.push(error) },
    });
    const w = world.process('w', { lock: SHORT });
    const reading = await reader.rw.acquireRead();
    const stalled = reader.fs.pause({ op: 'writeAt', phase: 'before' });
    await stalled.reached;
    const writing = await w.rw.acquireWrite({ timeout: 30_000 }); // breaks the reader's slot
    stalled.release();
    await reader.clock.sleep(2_000);
    expect(losses).toHaveLength(1);
    expect(losses[0]).toMatchObject({ code: 'ECOMPROMISED' });
    await expect(reading.release()).rejects.toMatchObject({ code: 'ECOMPROMISED' });
    expect((await w.rw.state()).writer?.pid).toBe(w.identity.pid); // the writer was left alone
    await writing.release();
    expect(world.files()).toEqual(['jobs.lock.slots']);
  });
});
