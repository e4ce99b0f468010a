import type { LockState } from '@linklock/core';
import { holderDocument } from '../holder-document.js';
import { timeLeft } from '../holder-text.js';
import { type LockTarget, withLockTarget } from '../targets/lock-target.js';
import { LOCKFILE_HELP } from '../targets/lockfile-help.js';
import { onePositional, parseOptions } from '../usage-error.js';

export const STATUS_USAGE = `usage: linklock status <lockfile> [--json]

Tells whether <lockfile> is held, by whom (host and pid) and until when. Changes nothing.

  --json   print one JSON document: { lockfile, state, holder, foreign }, holder being
           { hostname, pid, expiresAt, expiresInMs, token } or null (docs/cli.md: the schema)

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
  const state = STATE_WORDS[await lock.state()];
  const details = state === 'unlocked' || state === 'foreign' ? null : await lock.details();
  const foreign = state === 'foreign' ? await target.describeForeign() : null;
  const now = Date.now();
  if (json) {
    const holder = holderDocument(details, now);
    process.stdout.write(`${JSON.stringify({ lockfile: target.name, state, holder, foreign })}\n`);
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
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
