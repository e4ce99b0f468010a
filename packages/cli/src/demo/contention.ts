import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeOverlap, findOverlaps, parseCriticalSections } from './critical-sections.js';

const CONTENDER = fileURLToPath(new URL('./contender.js', import.meta.url));

export interface ContentionResult {
  processes: number;
  iterations: number;
  directory: string;
  acquisitions: number;
  overlaps: number;
  counter: { expected: number; actual: number };
  failedProcesses: number;
  loggedProblems: number;
  leftoverFiles: string[];
  elapsedMs: number;
  acquisitionsPerSecond: number;
  ok: boolean;
  /** A few lines on what went wrong, when anything did. */
  details: string[];
}

interface ContenderResult {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Children and the temporary directory of a run, removed on every exit path. */
const running = new Set<ChildProcess>();
const directories = new Set<string>();

export function cleanUpContention(): void {
  for (const child of running) child.kill('SIGKILL');
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

/**
 * `processes` real processes, each taking a lock in a fresh temporary directory `iterations`
 * times and incrementing a shared counter file inside it; then the checks of mutual
 * exclusion: no update lost, no two critical sections overlapping, nothing logged at warn or
 * error, no file of the lock left behind, every process ended by itself.
 */
export async function runContention(
  processes: number,
  iterations: number,
  onProcessDone: (finished: number) => void,
): Promise<ContentionResult> {
  const directory = mkdtempSync(join(tmpdir(), 'linklock-demo-'));
  directories.add(directory);
  try {
    const lockPath = join(directory, 'demo.lock');
    const counterPath = join(directory, 'counter');
    writeFileSync(counterPath, '0\n');
    const logPaths = Array.from({ length: processes }, (_, i) =>
      join(directory, `sections-${i}.log`),
    );
    const started = performance.now();
    let finished = 0;
    const results = await Promise.all(
      logPaths.map(async (logPath) => {
        const result = await runContender([lockPath, counterPath, String(iterations), logPath]);
        finished += 1;
        onProcessDone(finished);
        return result;
      }),
    );
    const elapsedMs = performance.now() - started;
    const parsed = logPaths.map((logPath) =>
      parseCriticalSections(existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''),
    );
    const sections = parsed.flatMap((log) => log.sections);
    const overlaps = findOverlaps(sections);
    const expected = processes * iterations;
    const actual = Number(readFileSync(counterPath, 'utf8').trim());
    const ours = new Set(['counter', ...logPaths.map((logPath) => basename(logPath))]);
    const leftoverFiles = readdirSync(directory).filter((entry) => !ours.has(entry));
    const failed = results.filter((result) => result.code !== 0);
    const problems = [
      ...parsed.flatMap((log) => log.problems),
      ...results.flatMap((result) =>
        result.stderr.split('\n').filter((line) => /^LOG (warn|error)\b/.test(line)),
      ),
    ];
    const details = [
      ...overlaps.slice(0, 3).map((overlap) => `overlap: ${describeOverlap(overlap)}`),
      ...problems.slice(0, 3).map((problem) => `problem: ${problem}`),
      ...failed
        .slice(0, 2)
        .map((result) => `pid ${result.pid} failed: ${result.stderr.trim().split('\n')[0] ?? ''}`),
    ];
    return {
      processes,
      iterations,
      directory,
      acquisitions: sections.length,
      overlaps: overlaps.length,
      counter: { expected, actual },
      failedProcesses: failed.length,
      loggedProblems: problems.length,
      leftoverFiles,
      elapsedMs: Math.round(elapsedMs),
      acquisitionsPerSecond: Math.round((sections.length / elapsedMs) * 1000),
      ok:
        overlaps.length === 0 &&
        actual === expected &&
        failed.length === 0 &&
        problems.length === 0 &&
        leftoverFiles.length === 0,
      details,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
    directories.delete(directory);
  }
}

function runContender(args: string[]): Promise<ContenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTENDER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ pid: child.pid, code, signal, stderr });
    });
  });
}
