// `pnpm demo`: real processes contend for one linklock lock, and the run is checked.
//
// Each process (packages/linklock/test/fixtures/contender.mjs, the same one the process tests
// use) repeatedly takes the lock and increments a counter file by a non-atomic
// read-modify-write, logging when it entered and left its critical section. Afterwards the
// demo checks what mutual exclusion promises: no update lost, no two critical sections
// overlapping in time, no warning logged, no lock or claim file left behind.
//
// It runs the built package: `pnpm demo` builds first; `node scripts/demo.mjs` expects a build.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  describeOverlap,
  findOverlaps,
  parseCriticalSections,
} from '../packages/linklock/test/fixtures/critical-sections.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONTENDER = join(ROOT, 'packages/linklock/test/fixtures/contender.mjs');
const BUILT = join(ROOT, 'packages/linklock/dist/index.js');

const USAGE = `usage: node scripts/demo.mjs [--processes N] [--iterations N] [--json] [--help]

Runs N processes (default 8) that each take a lock on the local filesystem --iterations times
(default 200) and increment a shared counter inside it, then reports the acquisitions, the
overlapping critical sections (must be 0), the counter (expected vs actual), warnings logged
by the lock, files left behind, the elapsed time and the acquisitions per second.

  --json   print the result as one JSON document on stdout (progress goes to stderr)
  --help   show this help

Exit code: 0 when every check passes; 1 when any fails (an overlap, a wrong count, a failed
process, a warning or error logged by the lock, a file left behind); 2 on a usage error.
The temporary directory is removed on every exit path.`;

/** @returns {{ processes: number, iterations: number, json: boolean } | undefined} */
function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        processes: { type: 'string', default: '8' },
        iterations: { type: 'string', default: '200' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usageError(error.message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  return {
    processes: positiveInteger('processes', values.processes),
    iterations: positiveInteger('iterations', values.iterations),
    json: values.json,
  };
}

function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    usageError(`--${name} expects a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function usageError(message) {
  process.stderr.write(`demo: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

// --- the temporary directory and the children, cleaned up on every exit path -----------------

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
let directory;

function cleanUp() {
  for (const child of running) child.kill('SIGKILL');
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
}

// 'exit' covers normal ends and process.exit(); the signal handlers cover Ctrl-C and kill,
// whose default action would end the process without running 'exit' handlers.
process.on('exit', cleanUp);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    process.stderr.write(`\ndemo: interrupted (${signal}); cleaning up\n`);
    process.exit(code);
  });
}

// --- running the contenders ------------------------------------------------------------------

/**
 * Runs one contender to its end.
 * @returns {Promise<{ pid: number, code: number | null, signal: string | null, stderr: string, elapsedMs: number | undefined }>}
 */
function runContender(args, onDone) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTENDER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      // The contender's last line: `done <pid> <iterations> <elapsed ms>`.
      const done = /^done \d+ \d+ (\d+)$/m.exec(stdout);
      const result = {
        pid: child.pid,
        code,
        signal,
        stderr,
        elapsedMs: done ? Number(done[1]) : undefined,
      };
      onDone(result);
      resolve(result);
    });
  });
}

function describeProcess(result) {
  if (result.code === 0) return `${result.elapsedMs} ms`;
  return result.signal === null
    ? `FAILED with exit code ${result.code}`
    : `FAILED, killed by ${result.signal}`;
}

/** The warn/error lines the contenders' logger wrote (see fixtures/stderr-logger.mjs). */
function loggedProblems(stderr) {
  return stderr.split('\n').filter((line) => /^LOG (warn|error)\b/.test(line));
}

async function run({ processes, iterations, json }) {
  const progress = json ? process.stderr : process.stdout;
  directory = mkdtempSync(join(tmpdir(), 'linklock-demo-'));
  const lockPath = join(directory, 'demo.lock');
  const counterPath = join(directory, 'counter');
  writeFileSync(counterPath, '0\n');
  const logPaths = Array.from({ length: processes }, (_, i) =>
    join(directory, `sections-${i}.log`),
  );

  progress.write(
    `linklock demo: ${processes} processes x ${iterations} acquisitions of ${lockPath}\n`,
  );
  const started = performance.now();
  let finished = 0;
  const results = await Promise.all(
    logPaths.map((logPath) =>
      runContender([lockPath, counterPath, String(iterations), logPath], (result) => {
        finished += 1;
        progress.write(
          `  [${finished}/${processes}] pid ${result.pid}: ${describeProcess(result)}\n`,
        );
      }),
    ),
  );
  const elapsedMs = performance.now() - started;

  // A process that failed before its first acquisition leaves no log file.
  const logs = logPaths.map((logPath) =>
    existsSync(logPath) ? readFileSync(logPath, 'utf8') : '',
  );
  const parsed = logs.map(parseCriticalSections);
  const sections = parsed.flatMap((log) => log.sections);
  const overlaps = findOverlaps(sections);
  const expected = processes * iterations;
  const actual = Number(readFileSync(counterPath, 'utf8').trim());
  const ours = new Set(['counter', ...logPaths.map((logPath) => basename(logPath))]);
  const leftovers = readdirSync(directory).filter((entry) => !ours.has(entry));
  const failed = results.filter((result) => result.code !== 0);
  const problems = [
    ...parsed.flatMap((log) => log.problems),
    ...results.flatMap((result) => loggedProblems(result.stderr)),
  ];

  const summary = {
    processes,
    iterations,
    acquisitions: sections.length,
    overlaps: overlaps.length,
    counter: { expected, actual },
    failedProcesses: failed.length,
    loggedProblems: problems.length,
    leftoverFiles: leftovers,
    elapsedMs: Math.round(elapsedMs),
    acquisitionsPerSecond: Math.round((sections.length / elapsedMs) * 1000),
  };
  const ok =
    overlaps.length === 0 &&
    actual === expected &&
    failed.length === 0 &&
    problems.length === 0 &&
    leftovers.length === 0;

  if (json) {
    process.stdout.write(`${JSON.stringify({ ...summary, ok })}\n`);
  } else {
    const lines = [
      '',
      `acquisitions     ${summary.acquisitions}`,
      `overlaps         ${summary.overlaps}`,
      `counter          ${actual} (expected ${expected})${actual === expected ? '' : '  WRONG: updates were lost'}`,
      `failed processes ${failed.length}`,
      `warnings/errors  ${problems.length}`,
      `files left       ${leftovers.length === 0 ? 0 : leftovers.join(', ')}`,
      `elapsed          ${(elapsedMs / 1000).toFixed(2)} s (${summary.acquisitionsPerSecond} acquisitions/s, process startup included)`,
      `result           ${ok ? 'OK' : 'FAILED'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  // The details of what went wrong, a few of each kind, on stderr.
  for (const overlap of overlaps.slice(0, 5))
    process.stderr.write(`overlap: ${describeOverlap(overlap)}\n`);
  for (const problem of problems.slice(0, 5)) process.stderr.write(`problem: ${problem}\n`);
  for (const result of failed.slice(0, 3))
    process.stderr.write(`pid ${result.pid} stderr:\n${result.stderr}\n`);
  return ok ? 0 : 1;
}

async function main() {
  const options = parseCommandLine();
  if (options === undefined) return 0;
  if (!existsSync(BUILT)) {
    process.stderr.write(
      `demo: ${BUILT} does not exist: run \`pnpm build\` first (or \`pnpm demo\`, which builds)\n`,
    );
    return 1;
  }
  return run(options);
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`demo: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(cleanUp);
