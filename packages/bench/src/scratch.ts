import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;

/**
 * A fresh directory for one measurement, inside the run's own temporary directory, so that
 * {@link removeScratch} can remove whatever an interrupted run left.
 */
export function scratchDirectory(name: string): string {
  root ??= mkdtempSync(join(tmpdir(), 'linklock-bench-'));
  return mkdtempSync(join(root, `${name}-`));
}

/** Removes the run's temporary directory and everything in it. */
export function removeScratch(): void {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
}
