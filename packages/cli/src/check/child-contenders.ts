import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeOverlap, findOverlaps, parseCriticalSections } from '../demo/critical-sections.js';
import { cleanUpOnInterrupt, trackChild } from './cleanup.js';
import type { ContenderPlan } from './contender-main.js';
import type { ContendersResult, ContentionPlan } from './contenders.js';
import type { TargetSpec } from './target-spec.js';

const CONTENDER_MAIN = fileURLToPath(new URL('./contender-main.js', import.meta.url));

/** How long past the run's end a contender may take to finish its last turn and exit. */
const GRACE_MS = 60_000;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the contenders as processes (`contender-main.js`), the i-th on `specs[i % specs.length]`
 * (each view of the directory in turn), each logging its critical sections to a file of a local
 * temporary directory; then finds overlaps across all logs, on the machine's one monotonic
 * clock. The log directory is removed on every path, also Ctrl-C.
 */
export async function runChildContenders(
  specs: readonly TargetSpec[],
  plan: ContentionPlan,
): Promise<ContendersResult> {
  const logDirectory = mkdtempSync(join(tmpdir(), 'linklock-check-logs-'));
  const forget = cleanUpOnInterrupt(() => rmSync(logDirectory, { recursive: true, force: true }));
  try {
    let finished = 0;
    const logs = Array.from({ length: plan.processes }, (_, i) => join(logDirectory, `${i}.log`));
    const exits = await Promise.all(
      logs.map(async (logPath, i) => {
        const spec = specs[i % specs.length] as TargetSpec;
        const exit = await runContender({
          spec: { ...spec, directory: `${spec.directory}/${plan.directoryName}` },
          lockName: plan.lockName,
          counterName: plan.counterName,
          durationMs: plan.durationMs,
          logPath,
        });
        finished += 1;
        plan.onProgress?.(finished, plan.processes);
        return exit;
      }),
    );
    const parsed = logs.map((log) =>
      parseCriticalSections(existsSync(log) ? readFileSync(log, 'utf8') : ''),
    );
    return {
      acquisitions: parsed.reduce((sum, log) => sum + log.sections.length, 0),
      overlaps: findOverlaps(parsed.flatMap((log) => log.sections)).map(describeOverlap),
      failures: [
        ...exits
          .filter((exit) => exit.code !== 0)
          .map((exit) => `a contender ended with code ${exit.code}: ${firstLine(exit.stderr)}`),
        ...parsed.flatMap((log) => log.problems),
      ],
      logged: exits.flatMap((exit) =>
        exit.stderr.split('\n').filter((line) => /^LOG (warn|error) /.test(line)),
      ),
    };
  } finally {
    rmSync(logDirectory, { recursive: true, force: true });
    forget();
  }
}

function runContender(plan: ContenderPlan): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CONTENDER_MAIN, JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackChild(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => {
      stderr = `killed: still running ${GRACE_MS / 1000} s after the run's end\n${stderr}`;
      child.kill('SIGKILL');
    }, plan.durationMs + GRACE_MS);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
