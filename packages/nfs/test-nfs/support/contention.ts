import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  describeOverlap,
  findOverlaps,
  parseCriticalSections,
} from '../../../cli/dist/demo/critical-sections.js';

const CONTENDER = fileURLToPath(new URL('../fixtures/contender.mjs', import.meta.url));

/** One contending process: its lock and counter paths, and how it reaches them. */
export interface Contender {
  lockfile: string;
  counter: string;
  iterations: number;
  /** Reach both through this export URL (NfsAdapter); local paths without. */
  nfs?: string;
  hostname?: string;
}

export interface ContentionOutcome {
  acquisitions: number;
  overlaps: string[];
  /** Warn/error lines of the locks, unpaired log lines, failed processes. */
  problems: string[];
  elapsedMs: number;
}

/** Runs the contenders to their end, each in its own process, and checks their logs. */
export async function contend(
  contenders: readonly Contender[],
  timeoutMs: number,
): Promise<ContentionOutcome> {
  const logDirectory = mkdtempSync(join(tmpdir(), 'linklock-nfs-contention-'));
  try {
    const started = performance.now();
    const logs = contenders.map((_, i) => join(logDirectory, `sections-${i}.log`));
    const results = await Promise.all(
      contenders.map((contender, i) => runContender(contender, logs[i]!, timeoutMs)),
    );
    const parsed = logs.map((log) =>
      parseCriticalSections(existsSync(log) ? readFileSync(log, 'utf8') : ''),
    );
    return {
      acquisitions: parsed.reduce((sum, log) => sum + log.sections.length, 0),
      overlaps: findOverlaps(parsed.flatMap((log) => log.sections)).map(describeOverlap),
      problems: [
        ...parsed.flatMap((log) => log.problems),
        ...results.flatMap((result) => result.problems),
      ],
      elapsedMs: performance.now() - started,
    };
  } finally {
    rmSync(logDirectory, { recursive: true, force: true });
  }
}

/** Names in `directory` other than `expected`: what the locks left behind. */
export function leftovers(directory: string, expected: readonly string[]): string[] {
  return readdirSync(directory).filter((name) => !expected.includes(name));
}

function runContender(
  contender: Contender,
  log: string,
  timeoutMs: number,
): Promise<{ problems: string[] }> {
  const args = [
    CONTENDER,
    contender.lockfile,
    contender.counter,
    String(contender.iterations),
    log,
  ];
  if (contender.nfs !== undefined) args.push('--nfs', contender.nfs);
  if (contender.hostname !== undefined) args.push('--hostname', contender.hostname);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const problems = stderr.split('\n').filter((line) => /^LOG (warn|error)\b/.test(line));
      if (code !== 0)
        problems.push(
          `contender ${child.pid} ended with code ${code} signal ${signal}: ${stderr.slice(-2000)}`,
        );
      resolve({ problems });
    });
  });
}
