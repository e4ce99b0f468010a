import type { FilesystemInfo } from 'linklock';
import { mountOptionsEntry } from './mount-options.js';
import { type CheckEntry, entry } from './report.js';

/**
 * What `/proc/self/mountinfo` says of the directory (as `NodeFsAdapter.forDirectory` read it):
 * its filesystem type and mount options, and those of the other view when there is one.
 */
export function describeLocalFilesystem(
  info: FilesystemInfo | undefined,
  other: FilesystemInfo | undefined,
): CheckEntry[] {
  if (info === undefined) {
    return [
      entry(
        'filesystem',
        'type',
        'caveat',
        'no mount table (/proc/self/mountinfo) here: NodeFsAdapter.forDirectory cannot tell the filesystem, declares a local disk and makes every call asynchronously',
      ),
    ];
  }
  const entries = [typeEntry('type', info), mountOptionsEntry(info.fsType, info.options)];
  if (other !== undefined) entries.push(typeEntry('other view', other));
  return entries;
}

function typeEntry(name: string, info: FilesystemInfo): CheckEntry {
  const where = `${info.fsType} (${info.source}, mounted at ${info.mountPoint})`;
  const measured = {
    fsType: info.fsType,
    source: info.source,
    mountPoint: info.mountPoint,
    kind: info.kind,
    ioMode: info.ioMode,
  };
  switch (info.kind) {
    case 'local':
      return entry(
        'filesystem',
        name,
        'ok',
        `${where}: a local disk, calls made synchronously`,
        measured,
      );
    case 'fuse':
      return entry(
        'filesystem',
        name,
        'caveat',
        `${where}: FUSE, whose caches and answers are its program's own (measured below); calls made asynchronously`,
        measured,
      );
    case 'network':
      return entry(
        'filesystem',
        name,
        'caveat',
        `${where}: a network filesystem: other hosts' changes arrive through caches, clocks differ, replies get lost (measured below, as far as one host can)`,
        measured,
      );
    case 'other':
      return entry(
        'filesystem',
        name,
        'caveat',
        `${where}: a type linklock does not know; treated as a network filesystem (calls asynchronous)`,
        measured,
      );
  }
}
