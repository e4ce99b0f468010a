import { describe, expect, it } from 'vitest';
import { World } from './support/world.js';

/** A claim's name: what a clock probe is named like (and written exclusively). */
const PROBE = /\.claim\./;

// In filesystem time, a process measures the server's clock with a probe file once its
// estimate is a minute old. On a full disk that file cannot be made, while a holder's refresh,
// which rewrites its record in place, needs no room at all.
describe('a clock probe on a full disk', () => {
  it('leaves a holder its lock: the estimate it has still serves', async () => {
    const world = new World();
    const losses: unknown[] = [];
    const holder = world.process('holder', { lock: { onCompromised: (e) => losses.push(e) } });
    await holder.lock.lock();
    holder.fs.addRule({ op: 'writeFile', path: PROBE, errno: 'ENOSPC' });
    await holder.clock.sleep(180_000); // three estimate lifetimes, a refresh every 5 s
    const probes = holder.fs.history({ op: 'writeFile', path: PROBE });
    expect(probes.filter((call) => call.outcome === 'ENOSPC').length).toBeGreaterThan(0);
    expect(losses).toEqual([]);
    await holder.lock.refresh();
    expect(await holder.lock.state()).toBe('ours');
    expect(await world.process('other').lock.tryLock()).toBe(false);
    await holder.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('fails a break, which needs a fresh estimate, with the filesystem error', async () => {
    const world = new World();
    const crashed = world.process('crashed', {
      hostname: 'host-z',
      lock: { lifetime: 10_000, clockSlop: 500, autoRefresh: false },
    });
    await crashed.lock.lock();
    const waiter = world.process('waiter');
    const waiting = waiter.lock.lock({ timeout: 60_000 }).catch((error: unknown) => error);
    await waiter.clock.sleep(100); // waiting, with its claim and an estimate made with it
    waiter.fs.addRule({ op: 'writeFile', path: PROBE, errno: 'ENOSPC' });
    expect(await waiting).toMatchObject({ code: 'ENOSPC' });
    expect(world.files()).toHaveLength(2); // the crashed holder's lock file and claim: no more
  });

  it('does not hide why the probe failed behind its removal failing too', async () => {
    const world = new World();
    const other = world.process('other');
    await world.process('holder').lock.lock();
    other.fs.addRule({ op: 'writeFile', path: PROBE, errno: 'EROFS' });
    other.fs.addRule({ op: 'unlink', path: PROBE, errno: 'EROFS' });
    const error = await other.lock.details().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EROFS' });
    expect((error as { syscall: string }).syscall).not.toBe('unlink');
  });
});

// A probe is named like a claim, so that a sweep cleans up after a process that died making it.
describe('a clock probe while another process sweeps', () => {
  it('is a live claim of its maker: a breaker sweeping meanwhile leaves it', async () => {
    const world = new World();
    const short = { lifetime: 1_000, clockSlop: 500 };
    const crashed = world.process('crashed', {
      hostname: 'host-z',
      lock: { ...short, autoRefresh: false },
    });
    await crashed.lock.lock();
    const looker = world.process('looker');
    const probing = looker.fs.pause({ op: 'stat', path: PROBE, phase: 'before' });
    const details = looker.lock.details();
    await probing.reached;
    const breaker = world.process('breaker', { lock: short });
    await breaker.clock.sleep(2_000);
    await breaker.lock.lock(); // breaks the crashed holder's lock, then sweeps
    probing.release();
    expect(await details).toMatchObject({ hostname: 'host-z' }); // what it read before probing
    expect(looker.fs.history({ op: 'writeFile', path: PROBE })).toHaveLength(1); // not swept
    await breaker.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('vanishing all the same (swept by a host whose clock runs far ahead), is made again', async () => {
    const world = new World();
    await world.process('holder').lock.lock();
    const looker = world.process('looker');
    const created = looker.fs.pause({ op: 'writeFile', path: PROBE, phase: 'after' });
    const details = looker.lock.details();
    const { path } = await created.reached;
    world.volume.unlinkSync(path as string);
    created.release();
    expect(await details).toMatchObject({ hostname: 'host-a' });
    expect(looker.fs.history({ op: 'writeFile', path: PROBE })).toHaveLength(2);
    expect(world.files()).toHaveLength(2); // the holder's lock file and claim, no probe
  });
});
