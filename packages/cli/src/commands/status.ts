import type { LockDetails, LockState, ReadWriteState } from '@linklock/core';
import { holderDocument } from '../holder-document.js';
import { describeHolder, timeLeft } from '../holder-text.js';
import { type LockTarget, withLockTarget } from '../targets/lock-target.js';
import { LOCKFILE_HELP } from '../targets/lockfile-help.js';
import { onePositional, parseOptions } from '../usage-error.js';

export const STATUS_USAGE = `usage: linklock status <lockfile> [--json]

Tells whether <lockfile> is held, by whom (host and pid) and until when. Changes nothing.
For a shared lock (linklock run --shared, createReadWriteLock), also its writer (holding
or waiting for the readers to leave) and every reader.

  --json   print one JSON document: { lockfile, state, holder, foreign, shared }, holder
           being { hostname, pid, expiresAt, expiresInMs, token } or null, shared null or
           { writer, waitingWriter, readers } (docs/cli.md: the schema)

States: unlocked; held (by a live holder); expired (past its lifetime + slop: the next
waiter breaks it); stale (its holder, on this host, is dead: the next waiter breaks it at
once); foreign (a file at that path that linklock did not write: never touched).

${LOCKFILE_HELP}

Exit code: 0 whatever the state; 1 when it cannot be read (directory missing, NFS server
unreachable, ...); 2 on a usage error (a malformed NFS URL among them).`;

/** The words the command line uses for the states a non-holder can see. */
const STATE_WORDS: Record<LockState, string> = {
  unlocked: 'unlocked',
  ours: 'held',
  'ours-expired': 'expired',
  theirs: 'held',
  'theirs-expired': 'expired',
  stale: 'stale',
  unknown: 'foreign',
};

export async function status(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions('status', args, { json: { type: 'boolean' } });
  const lockfile = onePositional('status', 'the lock file', positionals);
  return withLockTarget('status', lockfile, {}, (target) => show(target, values.json === true));
}

async function show(target: LockTarget, json: boolean): Promise<number> {
  const { lock } = target;
  await target.requireDirectory();
  const shared = (await target.isShared()) ? await target.readWriteLock.state() : null;
  const gate = STATE_WORDS[await lock.state()];
  // A shared lock held by readers only has no lock file: its readers hold it.
  const state = gate === 'unlocked' && (shared?.readers.length ?? 0) > 0 ? 'held' : gate;
  const details = gate === 'unlocked' || gate === 'foreign' ? null : await lock.details();
  const foreign = gate === 'foreign' ? await target.describeForeign() : null;
  const now = Date.now();
  if (json) {
    const holder = holderDocument(details, now);
    const document = {
      lockfile: target.name,
      state,
      holder,
      foreign,
      shared: sharedDocument(shared, now),
    };
    process.stdout.write(`${JSON.stringify(document)}\n`);
    return 0;
  }
  const lines = [`lockfile  ${target.name}`, `state     ${state}`];
  if (details !== null) {
    lines.push(`holder    pid ${details.pid} on ${details.hostname}`);
    lines.push(
      `expires   ${timeLeft(details.expiresAt - now)} (${new Date(details.expiresAt).toISOString()})`,
    );
    if (details.token !== undefined) lines.push(`token     ${details.token}`);
  }
  if (foreign !== null)
    lines.push(`          ${foreign}, not a lock file; linklock never breaks it`);
  if (shared !== null) lines.push(...sharedLines(shared, now));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** A shared lock's writer and readers, for `--json` (null: not a shared lock). */
function sharedDocument(shared: ReadWriteState | null, now: number) {
  if (shared === null) return null;
  return {
    writer: holderDocument(shared.writer ?? null, now),
    waitingWriter: shared.waitingWriter,
    readers: shared.readers.map((reader) => holderDocument(reader, now) as object),
  };
}

/** "shared    writer pid 7 on web1, waiting for 2 readers", then a line per reader. */
function sharedLines(shared: ReadWriteState, now: number): string[] {
  const readers = shared.readers.length;
  const writer = (details: LockDetails) =>
    `writer ${describeHolder(details, now)}${shared.waitingWriter ? `, waiting for ${readers === 1 ? '1 reader' : `${readers} readers`} to leave` : ''}`;
  const lines = [
    `shared    ${shared.writer === undefined ? 'no writer' : writer(shared.writer)}`,
    `readers   ${readers}`,
  ];
  for (const reader of shared.readers) lines.push(`reader    ${describeHolder(reader, now)}`);
  return lines;
}
