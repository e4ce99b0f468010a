import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FsAdapter } from '@linklock/core';
import { NodeFsAdapter } from 'linklock';
import { runChildContenders } from './child-contenders.js';
import { startChildPeer } from './child-peer.js';
import { cleanUpOnInterrupt } from './cleanup.js';
import { declarationEntry } from './declaration.js';
import { describeLocalFilesystem } from './local-filesystem.js';
import type { Observations } from './observations.js';
import { scratchName } from './scratch-name.js';
import type { CheckSubject } from './subject.js';
import type { TargetSpec } from './target-spec.js';
import { ViewMappedFs } from './view-mapped-fs.js';

/** How long the other view may take to show the scratch directory (bindfs caches names 2 s). */
const OTHER_VIEW_TIMEOUT_MS = 10_000;

/**
 * A directory on this machine (a local disk, a kernel NFS or SMB mount, FUSE): the scratch
 * directory is made in it, the adapter is `NodeFsAdapter.forDirectory`'s, and the other
 * processes are children of this one, on the same directory or on `otherView`, another path
 * to it (a second bindfs view, a second mount).
 */
export async function openLocalSubject(
  target: string,
  otherView: string | undefined,
): Promise<CheckSubject> {
  const directory = requireDirectory(target);
  const other = otherView === undefined ? undefined : requireDirectory(otherView);
  const name = scratchName();
  const scratch = `${directory}/${name}`;
  await mkdir(scratch);
  // Retried: on Ctrl-C the checks still running may make files in it while it is removed.
  const removeScratch = () =>
    rm(scratch, { recursive: true, force: true, maxRetries: 20, retryDelay: 10 });
  const forget = cleanUpOnInterrupt(removeScratch);
  try {
    const otherScratch = other === undefined ? undefined : `${other}/${name}`;
    if (otherScratch !== undefined) await awaitOtherView(otherScratch, otherView as string, target);
    const fs = await NodeFsAdapter.forDirectory(scratch);
    const otherFs =
      otherScratch === undefined ? undefined : await NodeFsAdapter.forDirectory(otherScratch);
    let second: FsAdapter | undefined;
    const specs: TargetSpec[] = [
      { kind: 'local', directory: scratch },
      ...(otherScratch === undefined ? [] : [{ kind: 'local' as const, directory: otherScratch }]),
    ];
    return {
      target,
      otherView: otherView ?? null,
      scratch,
      fs,
      declaredBy: 'NodeFsAdapter.forDirectory',
      async secondAdapter(): Promise<FsAdapter> {
        second ??=
          otherScratch === undefined
            ? await NodeFsAdapter.forDirectory(scratch, { mode: 'async' })
            : new ViewMappedFs(otherFs as NodeFsAdapter, scratch, otherScratch);
        return second;
      },
      mkdir: async (path) => {
        await mkdir(path);
      },
      removeTree: (path) => rm(path, { recursive: true, force: true }),
      makeSymlink: (linkTarget, path) => symlink(linkTarget, path),
      startPeer: () =>
        startChildPeer(
          specs.at(-1) as TargetSpec,
          otherScratch === undefined ? 'another process' : 'a process on the other view',
        ),
      runContenders: (plan) => runChildContenders(specs, plan),
      async describeFilesystem(observed: Observations) {
        return [
          ...describeLocalFilesystem(fs.filesystem, otherFs?.filesystem),
          declarationEntry('NodeFsAdapter.forDirectory', fs.capabilities, observed),
        ];
      },
      async close() {
        await removeScratch();
        forget();
      },
    };
  } catch (error) {
    await removeScratch();
    forget();
    throw error;
  }
}

/** The absolute path of `given`, which must be an existing directory (ENOENT, ENOTDIR). */
function requireDirectory(given: string): string {
  const path = resolve(given);
  if (!existsSync(path)) {
    throw Object.assign(new Error(`the directory ${path} does not exist`), { code: 'ENOENT' });
  }
  if (!statSync(path).isDirectory()) {
    throw Object.assign(new Error(`${path} is not a directory`), { code: 'ENOTDIR' });
  }
  return path;
}

/** Waits for the scratch directory to show through the other view: it must be the same directory. */
async function awaitOtherView(otherScratch: string, otherView: string, target: string) {
  const deadline = Date.now() + OTHER_VIEW_TIMEOUT_MS;
  while (!existsSync(otherScratch)) {
    if (Date.now() > deadline) {
      throw Object.assign(
        new Error(
          `--other-view ${otherView} is not another view of ${target}: a directory made in ${target} did not show there within ${OTHER_VIEW_TIMEOUT_MS / 1000} s`,
        ),
        { code: 'ENOENT' },
      );
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}
