import type { FsAdapter } from '@linklock/core';
import { NfsAdapter, parseNfsUrl } from '@linklock/nfs';
import { NodeFsAdapter } from 'linklock';

/**
 * Where a process of the check works, in a form a child process can be given on its command
 * line: a directory on this machine, or a directory inside an NFS export reached by
 * `@linklock/nfs` (the URL names the export's server, `directory` the path inside the export).
 */
export type TargetSpec =
  | { kind: 'local'; directory: string }
  | { kind: 'nfs'; url: string; directory: string };

/** An adapter on a spec's directory, as the lock there would be given it. */
export interface OpenedSpec {
  fs: FsAdapter;
  /** The spec's directory as `fs` names it. */
  directory: string;
  close(): Promise<void>;
}

/**
 * Opens the adapter a lock in `spec`'s directory would use: `NodeFsAdapter.forDirectory` (the
 * capabilities it detects there), or an `NfsAdapter` connection, soft as the command line's
 * are (a command must end) unless the URL says `soft=0`.
 */
export async function openSpec(spec: TargetSpec): Promise<OpenedSpec> {
  if (spec.kind === 'local') {
    const fs = await NodeFsAdapter.forDirectory(spec.directory);
    return { fs, directory: spec.directory, close: async () => undefined };
  }
  const fs = await NfsAdapter.connect({ soft: true, ...parseNfsUrl(spec.url) });
  return { fs, directory: spec.directory, close: () => fs.close() };
}

/** The same spec for a directory `name` inside its directory. */
export function specWithin(spec: TargetSpec, name: string): TargetSpec {
  const directory = `${spec.directory.replace(/\/$/, '')}/${name}`;
  return { ...spec, directory };
}
