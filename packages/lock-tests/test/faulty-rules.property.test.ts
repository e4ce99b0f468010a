// The lock under random faults: for any set of FaultyFs rules (errors before an operation or
// after it took effect, EEXIST said as EPERM, by probability, from the n-th call, a few times)
// and any seed, processes contending on virtual time never hold the lock together, every
// failure is one of the lock's typed errors, a file is left only where a fault hit its own
// removal, and nothing is left once a later process has broken what was left (the sweep,
// docs/hazards.md H11). Property-based (fast-check): a failure prints its seed and shrinks to
// the fewest rules.
import { RecordingLogger, VirtualClock } from '@linklock/conformance';
import { type FsAdapter, FsError, Lock, LockError, parseRecord } from '@linklock/core';
import { type FaultRule, FaultyFs, formatHistory, type Op, SeededRandom } from '@linklock/faulty';
import { MemfsAdapter } from '@linklock/memfs';
import fc from 'fast-check';
import { Volume } from 'memfs';
import { describe, expect, it } from 'vitest';

const DIR = '/locks';
const LOCKFILE = `${DIR}/jobs.lock`;
/** Sections end well inside the lifetime (a refresh happens in the longer ones): a lease never lapses. */
const LIFETIME = 10_000;
const SLOP = 2_000;
const LONGEST_SECTION = LIFETIME / 2;

/** The errors a lock can meet on a network or a full, locked-down or lost filesystem. */
const ERRNOS = ['EIO', 'ETIMEDOUT', 'ENOSPC', 'EACCES', 'EPERM', 'ESTALE'] as const;
/** Weighted towards the calls the holder's and the waiters' decisions rest on. */
const OPS: readonly Op[] = [
  ...['read', 'read', 'read', 'link', 'link', 'rename', 'rename', 'unlink', 'unlink'],
  ...['writeAt', 'writeAt', 'writeFile', 'stat', 'readdir'],
] as Op[];
/** Which of the lock's files a rule concerns: any, the lock file (twice as often), claims, tombstones, the guard. */
const PATHS = [
  undefined,
  /jobs\.lock$/,
  /jobs\.lock$/,
  /\.claim\./,
  /\.tomb\./,
  /\.break$/,
] as const;

const trigger = fc.oneof(
  fc.record({ probability: fc.constantFrom(0.05, 0.2, 0.5) }),
  fc.record({ nth: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ nth: fc.integer({ min: 1, max: 12 }), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ probability: fc.constantFrom(0.1, 0.3), times: fc.integer({ min: 1, max: 4 }) }),
);

const errnoRule: fc.Arbitrary<FaultRule> = fc
  .record({
    op: fc.constantFrom(...OPS),
    path: fc.constantFrom(...PATHS),
    errno: fc.constantFrom(...ERRNOS),
    phase: fc.constantFrom('before' as const, 'after' as const),
    trigger,
  })
  .map(({ trigger, path, ...rule }) => ({ ...rule, ...trigger, ...(path ? { path } : {}) }));

/** sshfs says EEXIST from link as EPERM (H18). */
const eexistAsEperm: fc.Arbitrary<FaultRule> = trigger.map((trigger) => ({
  op: 'link',
  translate: { from: 'EEXIST', to: 'EPERM' },
  ...trigger,
}));

const scenario = fc.record({
  seed: fc.integer(),
  /** Each process's own rules (a process's view of a shared filesystem fails on its own). */
  rules: fc.array(
    fc.array(
      fc.oneof({ arbitrary: errnoRule, weight: 4 }, { arbitrary: eexistAsEperm, weight: 1 }),
      { maxLength: 3 },
    ),
    {
      minLength: 3,
      maxLength: 3,
    },
  ),
  processes: fc.integer({ min: 2, max: 3 }),
  acquisitions: fc.integer({ min: 1, max: 3 }),
  /** A third of the critical sections span a refresh (every third of the lifetime). */
  sectionMs: fc.array(
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: LONGEST_SECTION }),
      fc.integer({ min: Math.ceil(LIFETIME / 3) + 1, max: LONGEST_SECTION }),
    ),
    { minLength: 9, maxLength: 9 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

describe('the lock over FaultyFs with random fault rules (property-based)', () => {
  it('never two holders, every failure typed, leftovers only where a fault hit their removal, swept by a later break', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (scenario) => {
        const stage = new Stage(scenario.seed);
        try {
          await checkScenario(stage, scenario);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${stage.describe()}`, { cause: error });
        } finally {
          stage.time.stop();
        }
      }),
      { numRuns: 200 },
    );
    // About 2 s of CPU; generous for a loaded CI machine, where the workers share two cores.
  }, 120_000);
});

async function checkScenario(stage: Stage, scenario: Scenario): Promise<void> {
  const holders = new Set<string>();
  const overlaps: string[] = [];
  const untyped: unknown[] = [];
  const contenders = Array.from({ length: scenario.processes }, (_, index) =>
    stage.process(`p${index}`, scenario.rules[index] ?? []),
  );
  await Promise.all(
    contenders.map(async (contender, index) => {
      for (let round = 0; round < scenario.acquisitions; round += 1) {
        try {
          await contender.lock.lock({ timeout: 3 * LIFETIME });
        } catch (error) {
          if (!isTyped(error)) untyped.push(error);
          continue;
        }
        if (holders.size > 0)
          overlaps.push(`${contender.name} entered while ${[...holders]} held it`);
        holders.add(contender.name);
        await contender.clock.sleep(scenario.sectionMs[index * 3 + round] ?? 0);
        holders.delete(contender.name);
        await contender.lock.unlock().catch((error: unknown) => {
          if (!isTyped(error)) untyped.push(error);
        });
      }
    }),
  );
  expect(overlaps).toEqual([]);
  expect(untyped).toEqual([]);
  expect(stage.files().filter((file) => !stage.leftByAFault(file))).toEqual([]);
  await sweepAsALaterProcess(stage);
  expect(stage.files()).toEqual([]);
}

/**
 * What a failed call may leave (a claim or tombstone it could not remove, a lock file it could
 * not release) is removed by the sweep after a later break, once expired (H11). A later process
 * without faults takes the lock (breaking one left behind), dies holding it, and a third breaks
 * that one: every leftover is expired by then.
 */
async function sweepAsALaterProcess(stage: Stage): Promise<void> {
  stage.time.advance(LIFETIME + SLOP + 60_000);
  const dying = stage.process('dying', [], { autoRefresh: false });
  await dying.lock.lock({ timeout: 0 });
  stage.time.advance(LIFETIME + SLOP + 1);
  const sweeper = stage.process('sweeper', []);
  await sweeper.lock.lock({ timeout: 0 });
  await sweeper.lock.unlock();
}

/** The lock's own errors, or a filesystem error it passed on: an errno `code`, a path. */
function isTyped(error: unknown): boolean {
  if (error instanceof LockError) return true;
  return error instanceof FsError && /^E[A-Z]+$/.test(error.code);
}

interface Contender {
  name: string;
  pid: number;
  lock: Lock;
  fs: FaultyFs;
  clock: ReturnType<VirtualClock['view']>;
}

/** Processes of one host sharing a memfs volume on one virtual time line, each through its own FaultyFs. */
class Stage {
  readonly volume = new Volume();
  readonly time = new VirtualClock(1_750_000_000_000);
  readonly #seed: number;
  readonly #disk: FsAdapter;
  readonly #contenders: Contender[] = [];

  constructor(seed: number) {
    this.#seed = seed;
    this.volume.mkdirSync(DIR, { recursive: true });
    const memfs = new MemfsAdapter(this.volume, { clock: this.time });
    // The through-faulty project reaches the disk through one more FaultyFs, without faults.
    this.#disk = process.env.LINKLOCK_THROUGH_FAULTY ? new FaultyFs(memfs) : memfs;
  }

  process(name: string, rules: FaultRule[], options: { autoRefresh?: boolean } = {}): Contender {
    const pid = 100 + this.#contenders.length;
    const fs = new FaultyFs(this.#disk, { seed: `${this.#seed}/${name}`, rules });
    const clock = this.time.view();
    const lock = new Lock(LOCKFILE, {
      fs,
      clock,
      random: new SeededRandom(`${this.#seed}/${name}/nonces`),
      identity: {
        hostname: 'host-a',
        pid,
        bootId: 'boot-a',
        pidNamespace: 'pid:[4026531836]',
        isProcessAlive: () => true,
      },
      logger: new RecordingLogger(),
      lifetime: LIFETIME,
      clockSlop: SLOP,
      ...options,
    });
    const contender = { name, pid, lock, fs, clock };
    this.#contenders.push(contender);
    return contender;
  }

  /**
   * Whether `file` is one its owner failed to remove because of a fault on that very file: its
   * removal or move failed (or its reply was lost), it could not be read to be verified (never
   * removed unverified, H8), or it is a lock file linked by a call whose reply was lost.
   */
  leftByAFault(file: string): boolean {
    const path = `${DIR}/${file}`;
    const owner = this.#contenders.find(({ pid }) => pid === this.#ownerPid(file));
    return (owner?.fs.history() ?? []).some(
      (call) =>
        call.injected &&
        call.paths.includes(path) &&
        (['unlink', 'rename', 'read'].includes(call.op) ||
          (call.op === 'link' && call.tookEffect === true)),
    );
  }

  /** The pid in a claim's or tombstone's name, or in the record of the lock file or guard. */
  #ownerPid(file: string): number | undefined {
    const named = /\.(?:claim|tomb)\.host-a\.(\d+)\./.exec(file);
    if (named) return Number(named[1]);
    const record = parseRecord(String(this.volume.readFileSync(`${DIR}/${file}`, 'utf8')));
    return record?.pid;
  }

  files(): string[] {
    return (this.volume.readdirSync(DIR) as unknown[]).map(String).sort();
  }

  /** The files left, and each process's calls with the faults that fired: for a failure's message. */
  describe(): string {
    return [
      `files: ${JSON.stringify(this.files())}`,
      ...this.#contenders.map(({ name, fs }) => `${name}:\n${formatHistory(fs.history())}`),
    ].join('\n');
  }
}
