import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderReport, type SimulationResult } from '@linklock/nfs-sim';

/**
 * Writes the timeline report of `results` to `path`: whole or not at all (a temporary file
 * renamed into place), so a reader never opens half a page.
 */
export function writeReport(path: string, results: SimulationResult[]): string {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, renderReport(results));
  renameSync(temporary, target);
  return target;
}
