import { basename } from 'node:path';
import { isNfsUrl } from '@linklock/nfs';
import { cleanUpNow } from '../check/cleanup.js';
import { formatReport } from '../check/format-report.js';
import { openLocalSubject } from '../check/local-subject.js';
import { openNfsSubject } from '../check/nfs-subject.js';
import { runCheck } from '../check/run-check.js';
import type { CheckSubject } from '../check/subject.js';
import { errorDocument } from '../json-output.js';
import { Progress } from '../progress.js';
import { count, onePositional, parseOptions, UsageError } from '../usage-error.js';

export const CHECK_USAGE = `usage: linklock check <dir | nfs://host/path> [--other-view <dir>] [--processes N] [--quick] [--json]

Tells whether a lock file in <dir> can be trusted there: on EFS, SMB, sshfs, gcsfuse, a NAS or a
container volume, what the lock relies on is tried for real. Works in a scratch directory it
makes in <dir> and always removes (also on Ctrl-C). Each finding has a verdict, ok, caveat or
unsafe, and one line of why:
  filesystem   its type and mount options (/proc/self/mountinfo; for nfs:// the connection),
               what the adapter declares, and whether that matches what was observed
  contract     the adapter contract, case by case, and the lock's semantics over two
               processes (the @linklock/conformance suites, run without a test framework)
  operations   hard links, exclusive create, rename over a name, link counts and inode
               numbers, reading without following a symlink (O_NOFOLLOW)
  time         mtime resolution, the file server's clock against this host's, and how late
               another process sees a change (names and attributes; content)
  contention   N processes take one lock for 3 s: exact counter, no overlaps
  watch        whether a change here wakes a watcher in another process

  --other-view <dir>  the same directory through another path (a second bindfs view, a
                      second mount): the other process, half the contenders and the lock
                      semantics' second process work there, as on a second host
  --processes N       processes of the contention run (default 4)
  --quick             skip the slow checks: lock semantics in filesystem time (real time on
                      a real disk), staleness, the contention run (on a local disk about
                      a second instead of 20)
  --json              print one JSON document on stdout: { target, otherView, verdict,
                      quick, elapsedMs, checks: [{ section, name, verdict, why, measured }],
                      skipped } (docs/cli.md: the schema); progress stays on stderr

An nfs:// URL names a directory on an NFS server, reached by linklock itself (NFSv3 over
TCP, no mount), with the parameters of the lock commands (linklock status --help).

Exit code: 0 when safe (with or without caveats); 1 when unsafe, or the check could not run
(directory missing, NFS server unreachable); 2 on a usage error.`;

const DEFAULT_PROCESSES = 4;

/**
 * Set once a signal has come: its handler kills the other processes, removes the scratch
 * directory and exits (never resolves); nothing else may print meanwhile.
 */
let exiting: Promise<never> | undefined;
const CONTENTION_MS = 3_000;

export async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('check', args, {
    'other-view': { type: 'string' },
    processes: { type: 'string' },
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const target = onePositional('check', 'the directory to check', positionals);
  const processes = count('check', 'processes', values.processes) ?? DEFAULT_PROCESSES;
  const otherView = values['other-view'];
  if (otherView !== undefined && isNfsUrl(target)) {
    throw new UsageError(
      '--other-view is another path to a directory on this machine; an nfs:// target has no other view',
      'check',
    );
  }
  const json = values.json === true;
  const quick = values.quick === true;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    exiting ??= interrupted(signal, json);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, stopOnSignal);
  try {
    const subject = isNfsUrl(target)
      ? await openNfsSubject(target)
      : await openLocalSubject(target, otherView);
    return await checkAndClose(subject, { quick, processes, json });
  } catch (error) {
    // Interrupted: what failed failed because its processes were killed or its directory
    // removed; the interruption says so and exits.
    if (exiting !== undefined) return exiting;
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, stopOnSignal);
  }
}

async function checkAndClose(
  subject: CheckSubject,
  { quick, processes, json }: { quick: boolean; processes: number; json: boolean },
): Promise<number> {
  const say = (line: string) => process.stderr.write(`linklock check: ${line}\n`);
  const suites = new Map<string, Progress>();
  let contention: Progress | undefined;
  let report: Awaited<ReturnType<typeof runCheck>>;
  try {
    report = await runCheck(subject, {
      quick,
      processes,
      durationMs: CONTENTION_MS,
      say,
      caseProgress: (suite, done, total, title) => {
        let progress = suites.get(suite);
        if (progress === undefined) {
          progress = new Progress(`  ${suite}`, total);
          suites.set(suite, progress);
        }
        progress.update(done, title.length > 50 ? `${title.slice(0, 47)}...` : title);
        if (done === total) progress.done();
      },
      contentionProgress: (finished, total) => {
        contention ??= new Progress('  contenders finished', total);
        contention.update(finished, '');
        if (finished === total) contention.done();
      },
    });
  } finally {
    await closeSubject(subject, say);
  }
  // Interrupted: a report of checks cut short by the killing would mislead.
  if (exiting !== undefined) return exiting;
  const scratch = `scratch directory ${basename(subject.scratch)} (removed)`;
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatReport(report, scratch));
  return report.verdict === 'unsafe' ? 1 : 0;
}

/** Removes the scratch directory; a failure to is an error of its own (something is left). */
async function closeSubject(subject: CheckSubject, say: (line: string) => void): Promise<void> {
  try {
    await subject.close();
  } catch (error) {
    say(`could not remove the scratch directory ${subject.scratch}: remove it by hand`);
    throw error;
  }
}

/** Ctrl-C (or SIGTERM, SIGHUP): kill the other processes, remove the scratch directory, exit. */
async function interrupted(signal: NodeJS.Signals, json: boolean): Promise<never> {
  process.stderr.write(
    `\nlinklock check: interrupted (${signal}); removing the scratch directory\n`,
  );
  await cleanUpNow();
  if (json) {
    const error = Object.assign(new Error(`interrupted by ${signal}`), { code: 'EINTR' });
    process.stdout.write(`${JSON.stringify(errorDocument(error))}\n`);
  }
  process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
}
