import { type FsAdapter, hasCode } from '@linklock/core';
import { NfsAdapter } from '@linklock/nfs';
import { nfsUrlOptions } from '../targets/nfs-url-options.js';
import { runChildContenders } from './child-contenders.js';
import { startChildPeer } from './child-peer.js';
import { cleanUpOnInterrupt } from './cleanup.js';
import { declarationEntry } from './declaration.js';
import type { Observations } from './observations.js';
import { type CheckEntry, entry } from './report.js';
import { scratchName } from './scratch-name.js';
import type { CheckSubject } from './subject.js';
import type { TargetSpec } from './target-spec.js';

/** `@linklock/nfs`'s defaults, as docs/cli.md states them. */
const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_RETRANS = 3;

/**
 * A directory of an NFS export, reached by `@linklock/nfs` (NFSv3 over TCP, no mount): the
 * scratch directory is made there over NFS; the other processes are children of this one,
 * each with its own connection. There is no mount table to read: the URL says how calls are
 * made, the server's FSINFO what it offers.
 */
export async function openNfsSubject(url: string): Promise<CheckSubject> {
  const options = nfsUrlOptions('check', url);
  const fs = await NfsAdapter.connect(options);
  let forget: () => void = () => undefined;
  try {
    await requireNfsDirectory(fs);
    const scratch = `${fs.path.replace(/\/$/, '')}/${scratchName()}`;
    await fs.mkdir(scratch);
    const removeScratch = () => removeTreeAgainAndAgain(fs, scratch);
    forget = cleanUpOnInterrupt(removeScratch);
    const spec: TargetSpec = { kind: 'nfs', url, directory: scratch };
    let second: NfsAdapter | undefined;
    return {
      target: url,
      otherView: null,
      scratch,
      fs,
      declaredBy: 'NfsAdapter',
      async secondAdapter(): Promise<FsAdapter> {
        second ??= await NfsAdapter.connect(options);
        return second;
      },
      mkdir: (path) => fs.mkdir(path),
      removeTree: (path) => removeTree(fs, path),
      makeSymlink: (target, path) => fs.symlink(target, path),
      startPeer: () => startChildPeer(spec, 'another process (its own connection)'),
      runContenders: (plan) => runChildContenders([spec], plan),
      async describeFilesystem(observed: Observations): Promise<CheckEntry[]> {
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const retrans = options.retrans ?? DEFAULT_RETRANS;
        return [
          entry(
            'filesystem',
            'type',
            'ok',
            `NFS version 3 over TCP to ${fs.host}:${fs.port}, export ${fs.exportPath}, through @linklock/nfs: no kernel client and no mount table; nothing is cached on this side, and the server's own caches (ganesha keeps names and attributes 60 s by default) cannot be seen from here`,
            { host: fs.host, port: fs.port, export: fs.exportPath },
          ),
          connectionEntry(options.soft === true, timeoutMs, retrans),
          declarationEntry('NfsAdapter', fs.capabilities, observed),
        ];
      },
      async close() {
        try {
          await removeScratch();
        } finally {
          forget();
          await second?.close();
          await fs.close();
        }
      },
    };
  } catch (error) {
    forget();
    await fs.close();
    throw error;
  }
}

function connectionEntry(soft: boolean, timeoutMs: number, retrans: number): CheckEntry {
  const measured = { soft, timeoutMs, retrans };
  if (!soft) {
    return entry(
      'filesystem',
      'connection',
      'ok',
      `hard (soft=0): calls wait for a silent server, resent every ${timeoutMs / 1000} s`,
      measured,
    );
  }
  const giveUpS = (timeoutMs * (retrans + 1)) / 1000;
  return entry(
    'filesystem',
    'connection',
    'caveat',
    `soft (the command line's default; soft=0 makes it hard): a server silent for ${giveUpS} s (timeout × (retrans + 1)) fails a call with ETIMEDOUT; a refresh can fail and the holder is told its lock is lost`,
    measured,
  );
}

/** The URL must name a directory of the export (ENOENT, ENOTDIR). */
async function requireNfsDirectory(fs: NfsAdapter): Promise<void> {
  const where = `${fs.exportPath.replace(/\/$/, '')}${fs.path === '/' ? '' : fs.path} on the NFS server ${fs.host}:${fs.port}`;
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(fs.path)).isDirectory();
  } catch (error) {
    if (!hasCode(error, 'ENOENT', 'ENOTDIR')) throw error;
    throw Object.assign(new Error(`the directory ${where} does not exist`), { code: 'ENOENT' });
  }
  if (!isDirectory) {
    throw Object.assign(new Error(`${where} is not a directory`), { code: 'ENOTDIR' });
  }
}

/**
 * {@link removeTree}, again while it fails for a name that came or went meanwhile: on Ctrl-C
 * the checks still running may make files in the scratch directory while it is removed.
 */
async function removeTreeAgainAndAgain(fs: NfsAdapter, path: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await removeTree(fs, path);
      return;
    } catch (error) {
      if (attempt >= 20 || !hasCode(error, 'ENOTEMPTY', 'ENOENT')) throw error;
    }
  }
}

/** Removes a directory of the export and everything in it (NFS has no recursive remove). */
async function removeTree(fs: NfsAdapter, path: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(path);
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return;
    throw error;
  }
  for (const name of names) {
    const child = `${path}/${name}`;
    const stats = await fs.stat(child);
    if (stats.isDirectory()) await removeTree(fs, child);
    else await fs.unlink(child);
  }
  await fs.rmdir(path);
}
