import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllFixtures, spawnFixture } from '../test/support/fixture-process.js';
import { useScene } from './realfs.js';

// Hosts played by `unshare --uts`: each child has its own hostname on the same kernel (same
// boot id, same pid namespace). A waiter may use pid liveness only for a holder of its own
// hostname; for another host's holder it must wait for expiry + slop.
const scene = useScene();
afterEach(killAllFixtures);

const LIFETIME = ['--lifetime', '3000', '--clock-slop', '1000'];

async function killedHolder(lockfile: string) {
  const holder = spawnFixture('holder', [lockfile, ...LIFETIME], { hostname: 'host-a' });
  await holder.waitForLine(/^HELD$/, 20_000);
  // Let it refresh once (every lifetime / 3) so the expiry is not simply the acquisition's.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  await holder.kill('SIGKILL');
  return process.hrtime.bigint();
}

function elapsedMs(fromNs: bigint, line: string): number {
  const { acquiredAtNs } = JSON.parse(line) as { acquiredAtNs: string };
  return Number(BigInt(acquiredAtNs) - fromNs) / 1e6;
}

describe('hosts emulated with unshare --uts', () => {
  it('a waiter on host-b waits for expiry + slop: no pid liveness across hosts', async () => {
    const { view1, view2 } = scene();
    const killedAt = await killedHolder(join(view1, 'jobs.lock'));
    const waiter = spawnFixture('waiter', [join(view2, 'jobs.lock'), ...LIFETIME], {
      hostname: 'host-b',
    });
    const acquired = await waiter.waitForLine(/acquiredAtNs/, 20_000);
    const waited = elapsedMs(killedAt, acquired.text);
    // Last refresh at most ~1 s before the kill: expiry + slop is 2.x-4 s after it.
    expect(waited).toBeGreaterThanOrEqual(4_000 - 1_300);
    expect(waited).toBeLessThan(4_000 + 3_000); // + 2 s attribute caches + backoff
    expect((await waiter.waitForExit(10_000)).code).toBe(0);
  }, 60_000);

  it('a waiter on host-a breaks the dead holder at once', async () => {
    const { view1, view2 } = scene();
    const killedAt = await killedHolder(join(view1, 'jobs.lock'));
    const waiter = spawnFixture('waiter', [join(view2, 'jobs.lock'), ...LIFETIME], {
      hostname: 'host-a',
    });
    const acquired = await waiter.waitForLine(/acquiredAtNs/, 20_000);
    expect(elapsedMs(killedAt, acquired.text)).toBeLessThan(1_500); // node startup included
    expect((await waiter.waitForExit(10_000)).code).toBe(0);
  }, 60_000);
});
