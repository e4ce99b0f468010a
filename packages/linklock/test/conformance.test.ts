import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFsAdapter, describeLockSemantics } from '@linklock/conformance';
import { NodeFsAdapter } from 'linklock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// A real directory per case; both "processes" of the lock semantics share it, as two
// processes on one machine would.
const vitest = { describe, it, expect, beforeEach, afterEach };
let dir = '';
const makeDir = () => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-conformance-'));
};
const removeDir = () => rmSync(dir, { recursive: true, force: true });

describeFsAdapter({
  vitest,
  name: 'NodeFsAdapter',
  createAdapter: () => {
    makeDir();
    return new NodeFsAdapter();
  },
  root: () => dir,
  destroy: removeDir,
  makeSymlink: (target, path) => symlinkSync(target, path),
});

describeLockSemantics({
  vitest,
  name: 'NodeFsAdapter',
  createAdapters: () => {
    makeDir();
    return [new NodeFsAdapter(), new NodeFsAdapter({ mode: 'async' })];
  },
  root: () => dir,
  destroy: removeDir,
});
