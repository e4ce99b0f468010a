// One contender of `linklock check`'s contention run: `node contender-main.js '<Plan as JSON>'`.
//
// Opens the adapter a lock in the plan's directory would use, takes the lock there over and
// over for `durationMs`, incrementing the shared counter file inside (contend-loop.ts), and
// logs each critical section to `logPath`, a local file, in the demo's format (one monotonic
// clock for every process of the machine). stdout: `done <acquisitions>`; stderr: the lock's
// warn and error lines as `LOG <level> <message>`, and any failure (exit 1).
import { appendFileSync } from 'node:fs';
import type { Logger } from '@linklock/core';
import { createLock } from 'linklock';
import { formatEntry } from '../demo/critical-sections.js';
import { contendUntil } from './contend-loop.js';
import { openSpec, type TargetSpec } from './target-spec.js';

export interface ContenderPlan {
  spec: TargetSpec;
  lockName: string;
  counterName: string;
  durationMs: number;
  logPath: string;
}

const logLine = (level: string) => (message: string) => {
  process.stderr.write(`LOG ${level} ${message}\n`);
};
const logger: Logger = { debug() {}, info() {}, warn: logLine('warn'), error: logLine('error') };

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '') as ContenderPlan;
  const opened = await openSpec(plan.spec);
  try {
    const lock = createLock(`${opened.directory}/${plan.lockName}`, { fs: opened.fs, logger });
    const acquisitions = await contendUntil(
      lock,
      opened.fs,
      `${opened.directory}/${plan.counterName}`,
      Date.now() + plan.durationMs,
      (kind) => appendFileSync(plan.logPath, formatEntry(kind, process.pid)),
    );
    process.stdout.write(`done ${acquisitions}\n`);
  } finally {
    await opened.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`contender ${process.pid} failed: ${(error as Error)?.message ?? error}\n`);
  process.exitCode = 1;
});
