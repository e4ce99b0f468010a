import {
  ALGORITHMS,
  PROFILES,
  SCENARIOS,
  type SimulationResult,
  simulate,
} from '@linklock/nfs-sim';
import { counted } from '../plural.js';
import { count, parseOptions, UsageError } from '../usage-error.js';
import { writeReport } from './report-file.js';

const PROFILE_NAMES = [...Object.keys(PROFILES), ...Object.keys(SCENARIOS)];
const ALGORITHM_NAMES = Object.keys(ALGORITHMS);

export const REPLAY_USAGE = `usage: linklock replay --seed S [--profile P] [--algorithm A|all] [--report file.html] [--json]

Runs one seed of the NFS simulator again (a seed replays exactly) for one algorithm, or for
every algorithm side by side with --algorithm all, and says what each run's checkers found.

  --seed S          the seed (required)
  --profile P       ${PROFILE_NAMES.join(', ')} (default nfs)
  --algorithm A     ${ALGORITHM_NAMES.join(', ')}, or all (default linklock)
  --report FILE     write the runs' timeline as one self-contained HTML page
  --json            print { seed, profile, report, runs: [{ algorithm, traceHash, processes, violations }] }

Exit code: 0 when no run had a violation; 1 when any did; 2 on a usage error.`;

export async function replay(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('replay', args, {
    seed: { type: 'string' },
    profile: { type: 'string' },
    algorithm: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, 'replay');
  const seed = count('replay', 'seed', values.seed, 0);
  if (seed === undefined) throw new UsageError('missing --seed', 'replay');
  const profile = values.profile ?? 'nfs';
  if (!PROFILE_NAMES.includes(profile)) {
    throw new UsageError(
      `unknown profile ${JSON.stringify(profile)}; one of: ${PROFILE_NAMES.join(', ')}`,
      'replay',
    );
  }
  const wanted = values.algorithm ?? 'linklock';
  if (wanted !== 'all' && !ALGORITHM_NAMES.includes(wanted)) {
    throw new UsageError(
      `unknown algorithm ${JSON.stringify(wanted)}; one of: ${ALGORITHM_NAMES.join(', ')}, all`,
      'replay',
    );
  }
  const algorithms = wanted === 'all' ? ALGORITHM_NAMES : [wanted];
  const results: SimulationResult[] = [];
  for (const algorithm of algorithms) results.push(await simulate({ seed, profile, algorithm }));
  const written = values.report === undefined ? undefined : writeReport(values.report, results);
  if (values.json) {
    const runs = results.map((result) => ({
      algorithm: result.algorithm,
      traceHash: result.traceHash,
      processes: result.options.processesPerClient.reduce((sum, n) => sum + n, 0),
      violations: result.violations,
    }));
    process.stdout.write(`${JSON.stringify({ seed, profile, runs, report: written ?? null })}\n`);
  } else {
    const lines = results.flatMap((result) => [
      `${result.algorithm}: seed ${seed} in '${profile}', trace hash ${result.traceHash}, ${counted(result.violations.length, 'violation')}`,
      ...result.violations.map(
        (violation) =>
          `  ${violation.checker} at ${violation.t.toFixed(1)} ms: ${violation.message}`,
      ),
    ]);
    if (written !== undefined) lines.push(`report: ${written}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return results.some((result) => result.violations.length > 0) ? 1 : 0;
}
