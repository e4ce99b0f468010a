import type { SeededRandom } from '@linklock/faulty';
import {
  LINUX_DEFAULTS,
  type MountOptions,
  NO_CACHING,
  SSHFS_LIKE,
} from './client/mount-options.js';
import type { RpcOptions } from './rpc/rpc-channel.js';
import type { ClockSpec } from './sim/client-clock.js';
import type { ClientSpec, WorldOptions } from './sim/world-options.js';
import { DEFAULT_WORKLOAD } from './workload/workload-options.js';

/** What a caller may fix regardless of the profile. */
export interface ProfileRequest {
  clients?: number;
  processes?: number;
  iterations?: number;
  fencing?: boolean;
  /**
   * How much simulated time a run may take before it is cut off (a run cut off did not finish:
   * the liveness checker reports it). A shorter limit makes runs where the lock never frees again
   * cheap. @default 7_200_000 (2 hours)
   */
  timeLimitMs?: number;
}

/** A named family of runs: which faults are on. Each seed draws one concrete run from it. */
export interface Profile {
  name: string;
  description: string;
  build(random: SeededRandom, request: ProfileRequest): WorldOptions;
}

/** A fast, lossless transport: about 0.1 ms a trip, nothing lost. */
export const QUICK_RPC: RpcOptions = {
  minMs: 0.05,
  meanMs: 0.05,
  tailProbability: 0,
  tailFactor: 1,
  lostRequest: 0,
  lostReply: 0,
  timeoMs: 1_100,
  retrans: 3,
  soft: false,
};

/** A loaded server: a few milliseconds a trip. */
const SLOW_RPC: RpcOptions = {
  ...QUICK_RPC,
  minMs: 1,
  meanMs: 4,
  tailProbability: 0.01,
  tailFactor: 20,
};

const NFS_RPC: RpcOptions = {
  ...QUICK_RPC,
  minMs: 0.2,
  meanMs: 0.8,
  tailProbability: 0.002,
  tailFactor: 50,
};

const LIFETIME_MS = 15_000;
const CLOCK_SLOP_MS = 10_000;
const FIVE_MINUTES = 5 * 60_000;

function base(
  random: SeededRandom,
  request: ProfileRequest,
  client: (index: number) => Omit<ClientSpec, 'name'>,
): WorldOptions {
  const clients = request.clients ?? 2;
  const processes = request.processes ?? 4;
  const specs = Array.from({ length: clients }, (_, index) => ({
    name: `c${index}`,
    ...client(index),
  }));
  const perClient = specs.map(
    (_, index) => Math.floor(processes / clients) + (index < processes % clients ? 1 : 0),
  );
  return {
    clients: specs,
    processesPerClient: perClient,
    lockfile: '/export/locks/jobs.lock',
    lifetimeMs: LIFETIME_MS,
    clockSlopMs: CLOCK_SLOP_MS,
    fencing: request.fencing ?? random.chance(0.5),
    workload: {
      ...DEFAULT_WORKLOAD,
      iterations: request.iterations ?? DEFAULT_WORKLOAD.iterations,
    },
    drcSize: 1_024,
    serverRestartsAtMs: [],
    crashes: [],
    pauses: [],
    timeLimitMs: timeLimit(request.timeLimitMs),
  };
}

function timeLimit(requested: number | undefined): number {
  if (requested === undefined) return 2 * 60 * 60_000;
  if (!Number.isFinite(requested) || requested <= 0)
    throw new RangeError(`Expected \`timeLimitMs\` to be a number > 0, got ${String(requested)}`);
  return requested;
}

/** At most one crash of a random process somewhere in the first seconds of the run. */
function maybeCrash(random: SeededRandom, options: WorldOptions, probability: number): void {
  const processes = options.processesPerClient.reduce((a, b) => a + b, 0);
  if (processes > 1 && random.chance(probability)) {
    options.crashes.push({
      process: random.int(processes),
      atMs: Math.round(random.next() * 3_000),
    });
  }
}

const local: Profile = {
  name: 'local',
  description: 'no caching (noac, lookupcache=none), fast RPCs, no faults but an occasional crash',
  build(random, request) {
    const options = base(random, request, () => ({ mount: NO_CACHING, clock: {}, rpc: QUICK_RPC }));
    maybeCrash(random, options, 0.2);
    return options;
  },
};

const nfs: Profile = {
  name: 'nfs',
  description:
    'default Linux client caching (acregmin 3 s ... acdirmax 60 s, lookupcache=all, cto), real latency with rare long tails, an occasional crash',
  build(random, request) {
    const options = base(random, request, () => ({
      mount: LINUX_DEFAULTS,
      clock: {},
      rpc: NFS_RPC,
    }));
    maybeCrash(random, options, 0.2);
    return options;
  },
};

const lossy: Profile = {
  name: 'lossy',
  description:
    'nfs plus lost requests and replies (1-3 %), a small duplicate request cache, soft mounts on some clients',
  build(random, request) {
    const loss = 0.01 + random.next() * 0.02;
    const options = base(random, request, () => ({
      mount: LINUX_DEFAULTS,
      clock: {},
      rpc: {
        ...NFS_RPC,
        lostRequest: loss,
        lostReply: loss,
        timeoMs: 700,
        retrans: 2,
        soft: random.chance(0.5),
      },
    }));
    options.drcSize = random.int(8);
    return options;
  },
};

function skewedClock(random: SeededRandom): ClockSpec {
  const steps = random.chance(0.5)
    ? [
        {
          atMs: Math.round(random.next() * 10_000),
          byMs: Math.round((random.next() - 0.5) * 60_000),
        },
      ]
    : [];
  return {
    offsetMs: Math.round((random.next() * 2 - 1) * FIVE_MINUTES),
    driftPpm: (random.next() * 2 - 1) * 100,
    steps,
  };
}

const skew: Profile = {
  name: 'skew',
  description:
    'nfs with client clocks up to ±5 minutes off, drifting ±100 ppm, some stepping by up to ±30 s mid-run',
  build(random, request) {
    return base(random, request, () => ({
      mount: LINUX_DEFAULTS,
      clock: skewedClock(random),
      rpc: NFS_RPC,
    }));
  },
};

function chaosMount(random: SeededRandom): MountOptions {
  const choice = random.int(4);
  if (choice === 0) return NO_CACHING;
  if (choice === 1) return SSHFS_LIKE;
  return { ...LINUX_DEFAULTS, lookupcache: random.chance(0.5) ? 'all' : 'positive' };
}

const chaos: Profile = {
  name: 'chaos',
  description:
    'a random subset of everything per seed: mounts (noac, Linux, sshfs-like), loss, soft mounts, skew, crashes, pauses longer than the lifetime, server restarts',
  build(random, request) {
    const lossy = random.chance(0.5);
    const skewed = random.chance(0.5);
    const options = base(random, request, () => {
      const loss = lossy ? random.next() * 0.03 : 0;
      return {
        mount: chaosMount(random),
        clock: skewed ? skewedClock(random) : {},
        rpc: {
          ...NFS_RPC,
          lostRequest: loss,
          lostReply: loss,
          timeoMs: 700,
          retrans: 2,
          soft: lossy && random.chance(0.5),
        },
      };
    });
    options.drcSize = random.chance(0.5) ? 1_024 : random.int(8);
    const processes = options.processesPerClient.reduce((a, b) => a + b, 0);
    for (let i = random.int(3); i > 0; i -= 1)
      options.crashes.push({
        process: random.int(processes),
        atMs: Math.round(random.next() * 20_000),
      });
    for (let i = random.int(3); i > 0; i -= 1) {
      options.pauses.push({
        process: random.int(processes),
        atMs: Math.round(random.next() * 20_000),
        ms: Math.round(LIFETIME_MS * (0.5 + random.next() * 2.5)),
      });
    }
    for (let i = random.int(3); i > 0; i -= 1)
      options.serverRestartsAtMs.push(Math.round(random.next() * 30_000));
    return options;
  },
};

/** A scenario's world: uncached mounts, every process waiting without timeout, a fixed shape. */
function scenario(
  random: SeededRandom,
  request: ProfileRequest,
  shape: {
    clients: number;
    processes: number;
    rpc: RpcOptions;
    iterations: number;
    criticalSectionMs: [number, number];
    thinkMs: [number, number];
  },
): WorldOptions {
  const { clients, processes, rpc, iterations, criticalSectionMs, thinkMs } = shape;
  const options = base(random, { clients, processes, ...request }, () => ({
    mount: NO_CACHING,
    clock: {},
    rpc,
  }));
  options.workload = {
    ...options.workload,
    iterations: request.iterations ?? iterations,
    criticalSectionMs,
    thinkMs,
    tryLockShare: 0,
    timeoutShare: 0,
  };
  return options;
}

/**
 * The seed race (Mailman patch 1045656) made likely: many processes hammering one lock with
 * short critical sections and no pause between attempts, on uncached mounts, so that a lock
 * file often vanishes between a waiter's EEXIST and its next look.
 */
const seedRace: Profile = {
  name: 'seed-race',
  description:
    'scenario: 6 processes on 3 uncached clients, critical sections of 1-5 ms, no think time: lock files vanish under waiters',
  build(random, request) {
    return scenario(random, request, {
      clients: 3,
      processes: 6,
      rpc: QUICK_RPC,
      iterations: 20,
      criticalSectionMs: [1, 5],
      thinkMs: [0, 0],
    });
  },
};

/**
 * Two waiters judging one expired lock (H2) made likely: the holder dies at once, several
 * waiters on several clients wait out its expiry together.
 */
const doubleBreak: Profile = {
  name: 'double-break',
  description:
    'scenario: a holder crashes at the start, 31 waiters on 4 clients with slow RPCs break its expired lock together',
  build(random, request) {
    const options = scenario(random, request, {
      clients: 4,
      processes: 32,
      rpc: SLOW_RPC,
      iterations: 2,
      criticalSectionMs: [1, 50],
      thinkMs: [0, 10],
    });
    options.crashes.push({ process: random.int(32), atMs: 0, holding: true });
    return options;
  },
};

/** The profiles of the proof (every algorithm must face these). */
export const PROFILES: Readonly<Record<string, Profile>> = { local, nfs, lossy, skew, chaos };

/** Targeted scenarios that make one known hazard likely. */
export const SCENARIOS: Readonly<Record<string, Profile>> = {
  'seed-race': seedRace,
  'double-break': doubleBreak,
};

export function profileNamed(name: string): Profile {
  const profile = PROFILES[name] ?? SCENARIOS[name];
  if (profile === undefined) {
    const known = [...Object.keys(PROFILES), ...Object.keys(SCENARIOS)].join(', ');
    throw new TypeError(`Unknown profile '${name}'; expected one of ${known}`);
  }
  return profile;
}
