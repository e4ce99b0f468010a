import { describe, expect, it } from 'vitest';
import { SSHFS_LIKE } from '../../src/client/mount-options.js';
import { traceHash } from '../../src/sim/trace-hash.js';
import { inDir, Rig, type RigProcess } from './support/rig.js';

const LOCK = inDir('jobs.lock');
const READ = { maxBytes: 1_000 };

/** Random latency with long tails, and loss both ways: everything the seed decides. */
const NOISY = {
  minMs: 0.2,
  meanMs: 3,
  tailProbability: 0.02,
  tailFactor: 20,
  lostRequestProbability: 0.03,
  lostReplyProbability: 0.03,
};

/** One process racing for the lock file the way link(2) locks do, a few times over. */
async function contend(p: RigProcess, rig: Rig, rounds: number): Promise<void> {
  const claim = inDir(`claim.${p.pid}`);
  for (let round = 0; round < rounds; round += 1) {
    const attempt = async () => {
      await p.fs.writeFile(claim, `${p.pid}:${round}`, { exclusive: true });
      await p.fs.link(claim, LOCK);
      await p.fs.stat(claim);
      await p.fs.read(LOCK, READ);
      await p.fs.unlink(LOCK);
    };
    await attempt().catch(() => undefined);
    await p.fs.unlink(claim).catch(() => undefined);
    await rig.scheduler.sleep(50 + round * 7, p.pid);
  }
}

/** A small world of three hosts and five processes, with a pause and a server restart. */
async function scenario(seed: number) {
  const rig = new Rig({ seed, drcSize: 2 });
  const hosts = [
    rig.client('a', { rpc: NOISY }),
    rig.client('b', { rpc: NOISY, clock: { offsetMs: 700, driftPpm: 50 } }),
    rig.client('c', { rpc: { ...NOISY, soft: true, retrans: 1 }, mount: SSHFS_LIKE }),
  ];
  const processes = [0, 0, 1, 1, 2].map((host) => hosts[host]!.process());
  rig.scheduler.at(300, undefined, () => rig.scheduler.pause(processes[1]!.pid, 2_000));
  rig.scheduler.at(900, undefined, () => rig.host.restart());
  await rig.run(Promise.all(processes.map((p) => contend(p, rig, 12))));
  return { trace: rig.trace.events, endedAt: rig.now(), files: rig.files() };
}

describe('determinism', () => {
  it('gives the same trace, event for event, when the same operations run with the same seed', async () => {
    const first = await scenario(42);
    const second = await scenario(42);

    expect(second.trace).toEqual(first.trace);
    expect(second.endedAt).toBe(first.endedAt);
    expect(second.files).toEqual(first.files);
    expect(traceHash(second.trace)).toBe(traceHash(first.trace));
  });

  it('exercises what the seed decides: faults happen, and another seed gives another trace', async () => {
    const first = await scenario(42);
    const other = await scenario(43);

    const kinds = new Set(first.trace.flatMap((e) => (e.kind === 'fault' ? [e.what] : [])));
    expect(kinds).toContain('lost-request');
    expect(kinds).toContain('lost-reply');
    expect(traceHash(other.trace)).not.toBe(traceHash(first.trace));
  });
});
