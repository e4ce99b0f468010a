import { AbortError, encodeRecord } from '@linklock/core';
import { describe, expect, it } from 'vitest';
import { DIR, World } from './support/world.js';

const SHORT = { lifetime: 1_000, clockSlop: 500 };

// Claim files leak when a wait times out, is aborted, or the process dies.
describe('H11: claim files never leak', () => {
  it('a timed-out lock() removes its claim', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.lock();
    const before = world.files();
    await expect(waiter.lock.lock({ timeout: 2_000 })).rejects.toMatchObject({
      code: 'ELOCKTIMEOUT',
    });
    expect(world.files()).toEqual(before);
    await holder.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('an aborted wait rejects with AbortError (cause: the reason) and removes its claim', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.lock();
    const controller = new AbortController();
    const waiting = waiter.lock
      .lock({ signal: controller.signal })
      .catch((error: unknown) => error);
    await waiter.clock.sleep(300);
    controller.abort(new Error('shutting down'));
    const error = await waiting;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
      cause: { message: 'shutting down' },
    });
    expect(world.files()).toHaveLength(2);
    await holder.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  it('an already aborted signal rejects before any file is written', async () => {
    const world = new World();
    const a = world.process('a');
    await expect(a.lock.lock({ signal: AbortSignal.abort('no') })).rejects.toMatchObject({
      code: 'ABORT_ERR',
      cause: 'no',
    });
    expect(a.fs.history()).toEqual([]);
  });

  it('breaking a crashed holder removes its claim too, and sweeps claims of crashed waiters', async () => {
    const world = new World();
    const crashed = world.process('crashed', {
      hostname: 'host-z',
      lock: { ...SHORT, autoRefresh: false },
    });
    await crashed.lock.lock();
    // A waiter that died mid-wait left its claim behind.
    const leftover = 'jobs.lock.claim.host-y.77.deadwaiter1';
    world.volume.writeFileSync(
      `${DIR}/${leftover}`,
      encodeRecord({
        hostname: 'host-y',
        pid: 77,
        bootId: undefined,
        pidNamespace: undefined,
        timeSource: 'local',
        claim: leftover,
        nonce: 'deadwaiter1',
        token: 0,
        expiresAt: world.time.now(),
      }),
    );
    // And another lock's claim, which must not be touched.
    world.volume.writeFileSync(`${DIR}/jobs.lock.other.claim.host-y.77.abcdefgh`, 'not ours');
    const next = world.process('next', { lock: SHORT });
    await next.lock.lock();
    await next.lock.unlock();
    expect(world.files()).toEqual(['jobs.lock.other.claim.host-y.77.abcdefgh']);
  });

  it('a waiter whose claim was swept while it slept makes a new one', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter');
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await waiter.clock.sleep(100);
    const { hostname, pid } = waiter.identity;
    const claim = world
      .files()
      .find((name) => name.startsWith(`jobs.lock.claim.${hostname}.${pid}.`))!;
    world.volume.unlinkSync(`${DIR}/${claim}`);
    await holder.lock.unlock();
    await waiting;
    expect(await waiter.lock.isLocked()).toBe(true);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  // A waiter stopped past its lifetime (SIGSTOP, a suspended laptop): a breaker's sweep rightly
  // removed its expired claim, and its first act on waking is to renew that claim.
  it('a waiter whose claim was swept while it slept past its lifetime makes a new one on waking', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', {
      lock: { lifetime: 900, clockSlop: 300, retry: { minDelay: 600, maxDelay: 700 } },
    });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await waiter.clock.sleep(500); // asleep in its backoff, its claim due for renewal
    const { hostname, pid } = waiter.identity;
    const claim = world.files().find((name) => name.includes(`.claim.${hostname}.${pid}.`));
    world.volume.unlinkSync(`${DIR}/${claim}`);
    await waiter.clock.sleep(1_000);
    await holder.lock.unlock();
    await waiting;
    expect(waiter.lock.held).toBe(true);
    await waiter.lock.unlock();
    expect(world.files()).toEqual([]);
  });

  // On NFS, ESTALE from the renewal may come from a stale handle while the claim is still there.
  it('a waiter whose claim renewal meets ESTALE removes that claim before making a new one', async () => {
    const world = new World();
    const holder = world.process('holder');
    const waiter = world.process('waiter', { lock: { lifetime: 900, clockSlop: 300 } });
    // The first write to the claim makes it (its expiry on the server's clock); the second renews.
    waiter.fs.addRule({ op: 'writeAt', path: /\.claim\./, errno: 'ESTALE', nth: 2 });
    await holder.lock.lock();
    const waiting = waiter.lock.lock();
    await waiter.clock.sleep(2_000); // renewed (and refused once) while it waits
    await holder.lock.unlock();
    await waiting;
    await waiter.lock.unlock();
    expect(waiter.fs.history({ op: 'writeAt' }).some((call) => call.outcome === 'ESTALE')).toBe(
      true,
    );
    expect(world.files()).toEqual([]);
  });

  // A kill between open and write (over NFS: between CREATE and WRITE) leaves a claim with no
  // owner record: nothing says whose it is or when it expires, so its age on the server decides.
  it('an empty claim of a process killed before writing it is swept once older than any cache', async () => {
    const world = new World();
    const empty = 'jobs.lock.claim.host-y.77.emptyclaim1';
    await world.process('killed', { hostname: 'host-y' }).fs.writeFile(`${DIR}/${empty}`, '', {
      exclusive: true,
    });
    await breakCrashedHolder(world, 'first');
    expect(world.files()).toEqual([empty]);
    await world.process('idle').clock.sleep(SHORT.lifetime + SHORT.clockSlop + 60_000);
    await breakCrashedHolder(world, 'second');
    expect(world.files()).toEqual([]);
  });
});

/** A holder that crashed (never refreshes, never unlocks), broken by the next process: a sweep runs. */
async function breakCrashedHolder(world: World, name: string): Promise<void> {
  const crashed = world.process(`${name}-crashed`, {
    hostname: 'host-z',
    lock: { ...SHORT, autoRefresh: false },
  });
  await crashed.lock.lock();
  const next = world.process(name, { lock: SHORT });
  await next.lock.lock();
  await next.lock.unlock();
}
