import type { LockAlgorithm } from './algorithms/algorithm.js';
import type { Violation } from './check/violation.js';
import type { WorldOptions } from './sim/world-options.js';
import { type SimulationResult, simulate } from './simulate.js';

export interface ShrinkResult {
  seed: number;
  /** The smallest options found that still fail the same way. */
  options: WorldOptions;
  violations: Violation[];
  /** Simulations run while shrinking. */
  attempts: number;
  /** What was removed, in order. */
  steps: string[];
}

/** A candidate reduction of a failing run: a name for the report and the smaller options. */
type Reduction = [string, WorldOptions];

/**
 * Shrinks a failing run to a smaller one that fails with the same checker: drops planned faults
 * one by one (crashes, pauses, server restarts, clock steps, lost messages), then shortens the
 * workload (fewer iterations, fewer processes), keeping each reduction that still fails, until
 * none does or `maxAttempts` simulations were spent. Deterministic: the seed is kept.
 */
export async function shrink(
  failing: SimulationResult,
  algorithm: string | LockAlgorithm,
  maxAttempts = 200,
): Promise<ShrinkResult> {
  const checker = failing.violations[0]?.checker;
  if (checker === undefined)
    throw new TypeError('shrink() needs a failing run (it has no violation)');
  let current = failing.options;
  let violations = failing.violations;
  let attempts = 0;
  const steps: string[] = [];
  let progressed = true;
  while (progressed && attempts < maxAttempts) {
    progressed = false;
    for (const [name, candidate] of reductions(current)) {
      if (attempts >= maxAttempts) break;
      attempts += 1;
      const result = await simulate({
        seed: failing.seed,
        profile: failing.profile,
        algorithm,
        world: candidate,
      });
      if (!result.violations.some((violation) => violation.checker === checker)) continue;
      current = candidate;
      violations = result.violations;
      steps.push(name);
      progressed = true;
      break;
    }
  }
  return { seed: failing.seed, options: current, violations, attempts, steps };
}

function reductions(options: WorldOptions): Reduction[] {
  const found: Reduction[] = [];
  for (const i of options.crashes.keys()) {
    found.push([`drop crash ${i}`, { ...options, crashes: without(options.crashes, i) }]);
  }
  for (const i of options.pauses.keys()) {
    found.push([`drop pause ${i}`, { ...options, pauses: without(options.pauses, i) }]);
  }
  for (const i of options.serverRestartsAtMs.keys()) {
    const serverRestartsAtMs = without(options.serverRestartsAtMs, i);
    found.push([`drop server restart ${i}`, { ...options, serverRestartsAtMs }]);
  }
  options.clients.forEach((client, i) => {
    if ((client.clock.steps ?? []).length > 0) {
      found.push([
        `no clock steps on ${client.name}`,
        withClient(options, i, { ...client, clock: { ...client.clock, steps: [] } }),
      ]);
    }
    if (client.rpc.lostRequest > 0 || client.rpc.lostReply > 0) {
      found.push([
        `no lost messages on ${client.name}`,
        withClient(options, i, { ...client, rpc: { ...client.rpc, lostRequest: 0, lostReply: 0 } }),
      ]);
    }
    if (client.rpc.tailProbability > 0) {
      found.push([
        `no long tails on ${client.name}`,
        withClient(options, i, { ...client, rpc: { ...client.rpc, tailProbability: 0 } }),
      ]);
    }
  });
  const { iterations } = options.workload;
  if (iterations > 1) {
    found.push([
      `iterations ${iterations} -> ${Math.ceil(iterations / 2)}`,
      { ...options, workload: { ...options.workload, iterations: Math.ceil(iterations / 2) } },
    ]);
  }
  options.processesPerClient.forEach((count, i) => {
    if (count > 0)
      found.push([
        `one process fewer on ${options.clients[i]?.name}`,
        withoutLastProcessOf(options, i),
      ]);
  });
  return found;
}

function without<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

function withClient(
  options: WorldOptions,
  index: number,
  client: WorldOptions['clients'][number],
): WorldOptions {
  return { ...options, clients: options.clients.map((c, i) => (i === index ? client : c)) };
}

/** Removes the last process of one client; planned faults of later processes move down one. */
function withoutLastProcessOf(options: WorldOptions, clientIndex: number): WorldOptions {
  const removed =
    options.processesPerClient.slice(0, clientIndex + 1).reduce((a, b) => a + b, 0) - 1;
  const shift = <T extends { process: number }>(faults: T[]) =>
    faults
      .filter((f) => f.process !== removed)
      .map((f) => (f.process > removed ? { ...f, process: f.process - 1 } : f));
  return {
    ...options,
    processesPerClient: options.processesPerClient.map((n, i) => (i === clientIndex ? n - 1 : n)),
    crashes: shift(options.crashes),
    pauses: shift(options.pauses),
  };
}
