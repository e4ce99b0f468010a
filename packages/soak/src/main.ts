// `pnpm soak`: linklock over real filesystems that cache and lie, with processes killed and
// stopped at random and a journal fenced by the lock's tokens. See docs/soak.md.
import { writeFileSync } from 'node:fs';
import { missingMounts } from './mounts.js';
import { parsePlan, type SoakPlan, USAGE, UsageError } from './options.js';
import { resultsFile, textReport } from './report.js';
import { SoakRun } from './run-soak.js';
import { passed } from './soak-outcome.js';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The plan, or undefined when there is nothing to run (help, a usage error: exit code set). */
function planOf(): SoakPlan | undefined {
  try {
    const plan = parsePlan(process.argv.slice(2), process.env);
    if (plan === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return undefined;
    }
    return plan;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`pnpm soak: ${error.message} (see --help)`);
    process.exitCode = 2;
    return undefined;
  }
}

/** Ctrl-C or a kill: every child dies with us, and the run's directory goes. */
function abandonOnSignals(run: SoakRun): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      say(
        `pnpm soak: interrupted (${signal}); killing the children and removing the run's directory`,
      );
      run.abandon();
      process.exit(130);
    });
  }
}

async function main(): Promise<void> {
  const plan = planOf();
  if (plan === undefined) return;
  const missing = missingMounts(plan.root, process.env);
  if (missing !== undefined) {
    say(`pnpm soak: ${missing}`);
    process.exitCode = 2;
    return;
  }
  if (process.getuid?.() !== 0) {
    say('pnpm soak: needs root: the processes of each mount run as their own host (unshare --uts)');
    process.exitCode = 2;
    return;
  }
  say(
    `soak: seed ${plan.seed}, ${plan.processes} processes, ${plan.minutes} min of chaos, under ${plan.root}`,
  );
  const run = new SoakRun(plan);
  abandonOnSignals(run);
  let outcome: Awaited<ReturnType<SoakRun['run']>>;
  try {
    outcome = await run.run(say);
  } catch (error) {
    run.abandon();
    throw error;
  }
  process.stdout.write(plan.json ? `${JSON.stringify(outcome, null, 2)}\n` : textReport(outcome));
  if (plan.resultsFile !== undefined) writeFileSync(plan.resultsFile, resultsFile(outcome));
  if (!passed(outcome)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  say(`pnpm soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
