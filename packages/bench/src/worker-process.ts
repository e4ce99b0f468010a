import { spawn } from 'node:child_process';
import { parseWorkerLines, type WorkerReport } from './rw/worker-lines.js';

/**
 * Runs a worker process (`command`: program and arguments) to its end and reads its lines
 * (rw/worker-lines.ts); rejects, with its stderr, unless it exited 0 after its `done` line.
 */
export function runWorkerProcess(command: readonly string[]): Promise<WorkerReport> {
  const [file, ...args] = command;
  const child = spawn(file as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const report = parseWorkerLines(stdout);
      if (code === 0 && report.done) resolve(report);
      else reject(new Error(`${command.join(' ')} ended with ${code}: ${stderr.trim()}`));
    });
  });
}
