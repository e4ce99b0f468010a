import { SeededRandom } from '@linklock/faulty';
import { type ProfileRequest, profileNamed } from '../profiles.js';
import type { WorldOptions } from '../sim/world-options.js';
import type { SimulationResult } from '../simulate.js';

export interface ReplayCommand {
  command: string;
  /** What the command line cannot say, or null when it replays the run exactly. */
  note: string | null;
}

/**
 * The command line that reruns a result's seed: `linklock simulate --seed S --profile P
 * --algorithm A`, with `--clients` and `--processes` when the run asked for other counts than
 * the profile's own. Drawing the seed's options again (deterministic: the same seeded random the
 * run used) tells both the profile's own counts and whether the command reproduces the run's
 * options exactly; when it does not (iterations or fencing were asked for, or the run was given
 * its options), the note says so and how to replay in code.
 */
export function replayCommand(result: SimulationResult): ReplayCommand {
  const { seed, profile, algorithm, options } = result;
  const base = `linklock simulate --seed ${seed} --profile ${profile} --algorithm ${algorithm}`;
  const draw = (request: ProfileRequest): WorldOptions | undefined => {
    try {
      return profileNamed(profile).build(new SeededRandom(`${profile}:${seed}`), request);
    } catch {
      return undefined; // an unknown profile: the command line cannot name it either
    }
  };
  const own = draw({});
  if (own === undefined) return { command: base, note: `'${profile}' is not a known profile` };
  const request: ProfileRequest = {};
  const clients = options.clients.length;
  const processes = sum(options.processesPerClient);
  if (clients !== own.clients.length) request.clients = clients;
  if (processes !== sum(own.processesPerClient)) request.processes = processes;
  const command = [
    base,
    request.clients === undefined ? '' : ` --clients ${clients}`,
    request.processes === undefined ? '' : ` --processes ${processes}`,
  ].join('');
  const differing = differingKeys(draw(request)!, options);
  const note =
    differing.length === 0
      ? null
      : `this command draws other ${differing.join(', ')} than the run had (asked for in code, or given as options): replay exactly with simulate({ seed: ${seed}, algorithm: '${algorithm}', world: <the options below> })`;
  return { command, note };
}

function differingKeys(drawn: WorldOptions, actual: WorldOptions): string[] {
  return (Object.keys(actual) as (keyof WorldOptions)[]).filter(
    (key) => JSON.stringify(drawn[key]) !== JSON.stringify(actual[key]),
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
