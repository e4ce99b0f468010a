import type { FsAdapter } from '@linklock/core';
import type { AdapterCase, MakeSymlink } from './fs-cases/adapter-case.js';
import { FS_ADAPTER_CASES } from './fs-cases/all-cases.js';
import { unmetNeed } from './fs-cases/needs.js';
import { underContractLine } from './support/contract-failure.js';
import { joinPath } from './support/join-path.js';
import type { TestFramework } from './test-framework.js';

export interface FsAdapterSuiteOptions {
  /** Your test framework: vitest's `{ describe, it, expect, beforeEach, afterEach }`. */
  vitest: TestFramework;
  /** Names the suite in the report. @default 'FsAdapter' */
  name?: string;
  /** A fresh adapter for each case (called in `beforeEach`), over storage where `root` is empty. */
  createAdapter(): FsAdapter | Promise<FsAdapter>;
  /** Cleans up after each case (called in `afterEach` with that case's adapter). */
  destroy?(adapter: FsAdapter): void | Promise<void>;
  /**
   * An existing, empty directory of the adapter's storage where each case works: a string, or
   * a function read after `createAdapter()` (e.g. a temporary directory made there). @default '/'
   */
  root?: string | (() => string);
  /**
   * Makes a symbolic link in the adapter's storage (the FsAdapter contract cannot: the lock
   * never makes one). Without it, the cases about symlinks planted at a lock's paths are
   * skipped, with that reason.
   */
  makeSymlink?: MakeSymlink;
}

interface Fixture {
  fs: FsAdapter;
  root: string;
}

/**
 * Registers the FsAdapter contract as test cases: the semantics the lock algorithm relies on,
 * one case per contract line. A case needing a capability the adapter does not declare (hard
 * links, reliable nlink or inode numbers, a watch) or a symlink hook that was not given is
 * skipped with the reason; every failure message names the contract line that broke.
 */
export function describeFsAdapter(options: FsAdapterSuiteOptions): void {
  const { vitest } = options;
  vitest.describe(`FsAdapter contract: ${options.name ?? 'FsAdapter'}`, () => {
    let fixture: Fixture | undefined;
    vitest.beforeEach(async () => {
      const fs = await options.createAdapter();
      fixture = { fs, root: resolveRoot(options.root) };
    });
    vitest.afterEach(async () => {
      const done = fixture;
      fixture = undefined;
      if (done !== undefined) await options.destroy?.(done.fs);
    });
    for (const group of FS_ADAPTER_CASES) {
      vitest.describe(group.name, () => {
        for (const contractCase of group.cases) {
          vitest.it(contractCase.title, async (context) => {
            const current = fixture;
            if (current === undefined) throw new Error('describeFsAdapter: no adapter was created');
            const reason = unmetNeed(contractCase.needs, current.fs, options.makeSymlink);
            if (reason !== undefined) {
              context.skip(reason);
              return;
            }
            await runCase(contractCase, current, options);
          });
        }
      });
    }
  });
}

function runCase(
  contractCase: AdapterCase,
  fixture: Fixture,
  options: FsAdapterSuiteOptions,
): Promise<void> {
  const tools = {
    fs: fixture.fs,
    root: fixture.root,
    path: (name: string) => joinPath(fixture.root, name),
    expect: options.vitest.expect,
    makeSymlink: options.makeSymlink ?? noSymlinks,
  };
  return underContractLine(contractCase.title, () => contractCase.run(tools));
}

function resolveRoot(root: FsAdapterSuiteOptions['root']): string {
  if (root === undefined) return '/';
  return typeof root === 'function' ? root() : root;
}

function noSymlinks(): never {
  throw new Error('describeFsAdapter: a case needing symlinks ran without makeSymlink');
}
