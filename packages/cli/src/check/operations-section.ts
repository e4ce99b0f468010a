import { errorCode, type FsAdapter } from '@linklock/core';
import type { Observations } from './observations.js';
import { type CheckEntry, entry } from './report.js';
import type { CheckSubject } from './subject.js';

/** How many times the rename check replaces the file while another adapter reads it. */
const RENAMES = 100;

/**
 * The system calls the lock is built on, tried one by one in a directory of the scratch
 * directory: hard links, exclusive create, rename over an existing name, link counts and inode
 * numbers, and reading without following a symlink. Records what it saw in `observed`.
 */
export async function operationsSection(
  subject: CheckSubject,
  observed: Observations,
): Promise<CheckEntry[]> {
  const directory = `${subject.scratch}/operations`;
  await subject.mkdir(directory);
  const path = (name: string) => `${directory}/${name}`;
  const { fs } = subject;
  const links = await hardLinks(fs, path, observed);
  return [
    links,
    await exclusiveCreate(fs, path),
    await renameOver(fs, await subject.secondAdapter(), path),
    ...(observed.hardLinks === true ? await linkCounts(fs, path, observed) : []),
    await noFollow(subject, path),
  ];
}

async function hardLinks(
  fs: FsAdapter,
  path: (name: string) => string,
  observed: Observations,
): Promise<CheckEntry> {
  await fs.writeFile(path('claim'), 'expires 0000');
  try {
    await fs.link(path('claim'), path('lock'));
  } catch (error) {
    observed.hardLinks = false;
    const code = errorCode(error) ?? String(error);
    return entry(
      'operations',
      'hard links',
      'unsafe',
      `link() fails with ${code}: the lock takes a lock by linking, and refuses to run here (ELOCKUNSUPPORTED)`,
      { error: code },
    );
  }
  await fs.writeAt(path('claim'), 8, '9999');
  const seen = (await fs.read(path('lock'), { maxBytes: 64 })).data;
  observed.hardLinks = seen === 'expires 9999';
  if (!observed.hardLinks) {
    return entry(
      'operations',
      'hard links',
      'unsafe',
      `link() made a copy, not a second name (a write through one name is not seen through the other: ${JSON.stringify(seen)}): a holder's refresh would never reach the lock file`,
    );
  }
  return entry('operations', 'hard links', 'ok', 'link() makes a second name of one file');
}

async function exclusiveCreate(fs: FsAdapter, path: (name: string) => string) {
  await fs.writeFile(path('taken'), 'theirs');
  let outcome = 'resolved';
  try {
    await fs.writeFile(path('taken'), 'mine', { exclusive: true });
  } catch (error) {
    outcome = errorCode(error) ?? String(error);
  }
  const after = (await fs.read(path('taken'), { maxBytes: 64 })).data;
  if (outcome === 'EEXIST' && after === 'theirs') {
    return entry(
      'operations',
      'exclusive create',
      'ok',
      'EEXIST on an existing name, the file unchanged',
    );
  }
  const what =
    outcome === 'resolved'
      ? `succeeded on an existing name${after === 'mine' ? ' and replaced the file' : ''}`
      : `failed with ${outcome}, not EEXIST`;
  return entry(
    'operations',
    'exclusive create',
    'unsafe',
    `an exclusive create ${what}: two processes could both believe they created one claim`,
    { outcome },
  );
}

/**
 * Replaces a file by rename again and again while a second adapter (another connection, or
 * the other view) reads it: an atomic rename never lets the reader find the name missing. Each
 * rename waits for the reader to have read again, so reads and renames interleave however fast
 * either side is. The lock renames onto fresh names only (release, break); replacing an
 * existing file is for the fencing counter (`fencing: true`).
 */
async function renameOver(fs: FsAdapter, reader: FsAdapter, path: (name: string) => string) {
  await fs.writeFile(path('fence'), 'v0');
  let reading = true;
  let reads = 0;
  const gaps: string[] = [];
  const readLoop = (async () => {
    while (reading) {
      try {
        await reader.read(path('fence'), { maxBytes: 64 });
      } catch (error) {
        gaps.push(errorCode(error) ?? String(error));
      }
      reads += 1;
      // An adapter that answers without I/O (in memory) would otherwise never let the
      // renames' side of the event loop run.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  try {
    for (let i = 1; i <= RENAMES; i += 1) {
      await fs.writeFile(path(`fence.next${i}`), `v${i}`);
      const before = reads;
      await fs.rename(path(`fence.next${i}`), path('fence'));
      await readerMoved(() => reads > before);
    }
  } finally {
    reading = false;
    await readLoop;
  }
  return renameVerdict(reads, gaps);
}

/**
 * ENOENT is the name missing: not atomic. ESTALE is a read that raced a replacement holding the
 * replaced file's handle (NFS): the name was there, and the lock reads again on ESTALE.
 */
function renameVerdict(reads: number, gaps: string[]): CheckEntry {
  const stale = gaps.filter((code) => code === 'ESTALE').length;
  const missing = gaps.filter((code) => code !== 'ESTALE');
  const measured = { renames: RENAMES, reads, missing: missing.length, stale };
  const counts = `${RENAMES} replacements, ${reads} reads`;
  if (missing.length > 0) {
    return entry(
      'operations',
      'rename over',
      'caveat',
      `not atomic: a reader found the name missing ${missing.length} times in ${RENAMES} replacements (${missing[0]}); the lock renames onto fresh names only, but with fencing: true its counter file may be read absent`,
      measured,
    );
  }
  const staleNote =
    stale === 0
      ? ''
      : `; ${stale} reads raced a replacement and got ESTALE (the replaced file's handle, as on NFS), which the lock answers by reading again`;
  return entry(
    'operations',
    'rename over',
    'ok',
    `atomic: a reader never found the name missing (${counts})${staleNote}`,
    measured,
  );
}

/** Resolves once `moved()` is true, or after 100 ms: a stuck reader must not stall the check. */
async function readerMoved(moved: () => boolean): Promise<void> {
  const deadline = performance.now() + 100;
  while (!moved() && performance.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function linkCounts(
  fs: FsAdapter,
  path: (name: string) => string,
  observed: Observations,
): Promise<CheckEntry[]> {
  const declared = fs.capabilities;
  await fs.writeFile(path('one'), 'x');
  await fs.writeFile(path('other'), 'y');
  const alone = (await fs.stat(path('one'))).nlink;
  await fs.link(path('one'), path('two'));
  const [one, two, other] = await Promise.all(['one', 'two', 'other'].map((n) => fs.stat(path(n))));
  const viaRead = (await fs.read(path('two'), { maxBytes: 16 })).stats.nlink;
  await fs.unlink(path('two'));
  const after = (await fs.stat(path('one'))).nlink;
  const counts = [alone, one!.nlink, viaRead, after];
  observed.reliableNlink = counts.join() === '1,2,2,1';
  observed.reliableIno = one!.ino === two!.ino && one!.ino !== other!.ino;
  const nlinkWhy = observed.reliableNlink
    ? 'reliable: 1, 2 after link (stat and read), 1 after unlink'
    : `unreliable: ${counts.join(', ')} where 1, 2, 2, 1 was due (stat, stat after link, read, after unlink)`;
  const inoWhy = observed.reliableIno
    ? 'reliable: both names of a file report one inode, another file another'
    : `unreliable: the two names of one file report ${one!.ino} and ${two!.ino}${one!.ino === other!.ino ? ', another file the same' : ''}`;
  const not = ' (the lock never uses them)';
  return [
    entry(
      'operations',
      'link counts',
      observed.reliableNlink || !declared.reliableNlink ? 'ok' : 'caveat',
      `${nlinkWhy}${observed.reliableNlink ? '' : not}`,
      { alone, afterLink: one!.nlink, viaRead, afterUnlink: after },
    ),
    entry(
      'operations',
      'inode numbers',
      observed.reliableIno || !declared.reliableIno ? 'ok' : 'caveat',
      `${inoWhy}${observed.reliableIno ? '' : not}`,
    ),
  ];
}

/** A symlink planted at a lock path must be refused, never followed to its target. */
async function noFollow(subject: CheckSubject, path: (name: string) => string) {
  await subject.fs.writeFile(path('target'), 'not a lock');
  try {
    await subject.makeSymlink(path('target'), path('planted'));
  } catch (error) {
    const code = errorCode(error) ?? String(error);
    return entry(
      'operations',
      'O_NOFOLLOW read',
      'ok',
      `no symbolic links here (symlink: ${code}): none can be planted at a lock path`,
    );
  }
  try {
    const { data } = await subject.fs.read(path('planted'), { maxBytes: 64 });
    return entry(
      'operations',
      'O_NOFOLLOW read',
      'unsafe',
      `read() followed a symlink to its target (${JSON.stringify(data)}): a symlink planted at a lock path would be read as the lock`,
    );
  } catch (error) {
    const code = errorCode(error) ?? String(error);
    return entry(
      'operations',
      'O_NOFOLLOW read',
      code === 'ELOOP' ? 'ok' : 'caveat',
      code === 'ELOOP'
        ? 'a symlink at the lock path is refused (ELOOP), its target not read'
        : `a symlink at the lock path fails with ${code}, not ELOOP: refused, but reported as another error`,
    );
  }
}
