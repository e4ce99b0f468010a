import type { FsAdapter } from '@linklock/core';
import { formatMs } from './capability-words.js';
import { inProcessPeer } from './in-process-peer.js';
import type { Peer } from './peer.js';
import type { Probe } from './peer-probes.js';
import { type CheckEntry, entry } from './report.js';
import type { CheckSubject } from './subject.js';

/** How long another process is given to see a change (sshfs caches attributes ~20 s). */
const SEE_TIMEOUT_MS = 30_000;
/** Below this, seeing a change late is measurement noise (a busy machine, the 5 ms polling): caches that matter keep things for seconds. */
const PROMPT_MS = 250;
/**
 * A waiter that reads a refreshed lock file late by this much sees an expiry older than the
 * refresh: with the default lifetime (15 s, refreshed every 5 s), the expiry it reads is at
 * least 10 s ahead, so reading more than 10 s late can break a live lock.
 */
const UNSAFE_READ_MS = 10_000;

type Seen = number | null;

/**
 * How late another process sees this one's changes: a name created, a file's size changed, its
 * content rewritten (seen through the lock's own read, which opens the file), a name removed.
 * The other process is on the other view when the check has one, else on the same directory.
 * With another view, also the other way round: how late this side sees changes made through
 * the other view, which is what a waiter here goes by (sshfs caches what it was told, not what
 * it did itself).
 */
export async function stalenessSection(subject: CheckSubject, peer: Peer): Promise<CheckEntry[]> {
  await subject.mkdir(`${subject.scratch}/stale`);
  const there = await measure(peer, subject.fs, `${subject.scratch}/stale/there`);
  const entries = [
    attributeEntry('attribute staleness', peer.who, '', there),
    contentEntry('content staleness', peer.who, '', there.rewritten),
  ];
  if (subject.otherView === null) return entries;
  const here = inProcessPeer(subject.fs, subject.scratch, 'this process');
  const back = await measure(here, await subject.secondAdapter(), `${subject.scratch}/stale/here`);
  const source = ' through the other view';
  return [
    ...entries,
    attributeEntry('attribute staleness here', here.who, source, back),
    contentEntry('content staleness here', here.who, source, back.rewritten),
  ];
}

interface Lateness {
  created: Seen;
  resized: Seen;
  rewritten: Seen;
  removed: Seen;
}

/** How late `observer` sees each change `writer` makes to `path` (a path of the scratch directory). */
async function measure(observer: Peer, writer: FsAdapter, path: string): Promise<Lateness> {
  const name = path.slice(path.indexOf('/stale/') + 1);
  const created = await lateness(observer, { op: 'name', name, present: true }, () =>
    writer.writeFile(path, 'A'),
  );
  const resized = await lateness(observer, { op: 'size', name, size: 8 }, () =>
    writer.writeFile(path, 'AAAAAAAA'),
  );
  const rewritten = await lateness(observer, { op: 'content', name, expected: 'BBBBBBBB' }, () =>
    writer.writeAt(path, 0, 'BBBBBBBB'),
  );
  const removed = await lateness(observer, { op: 'name', name, present: false }, () =>
    writer.unlink(path),
  );
  return { created, resized, rewritten, removed };
}

/** Milliseconds between this process's change and the peer seeing it; null: not within the timeout. */
async function lateness(peer: Peer, probe: Probe, change: () => Promise<void>): Promise<Seen> {
  const running = await peer.probe(probe, SEE_TIMEOUT_MS);
  if (running === undefined) return null;
  await running.ready;
  await change();
  const changedAt = process.hrtime.bigint();
  const seenAt = await running.seen;
  if (seenAt === null) return null;
  // Seen before the change returned: the call's own time, at most.
  return Math.max(0, Number(seenAt - changedAt) / 1e6);
}

function late(ms: Seen): string {
  return ms === null ? `not within ${SEE_TIMEOUT_MS / 1000} s` : formatMs(Math.round(ms));
}

/** `source`: where the changes were made, when not by this process (' through the other view'). */
function attributeEntry(name: string, who: string, source: string, seen: Lateness) {
  const measured = {
    createdMs: round(seen.created),
    resizedMs: round(seen.resized),
    removedMs: round(seen.removed),
  };
  const values = [seen.created, seen.resized, seen.removed];
  const prompt = values.every((ms) => ms !== null && ms < PROMPT_MS);
  const what = `${who} saw a create${source} ${late(seen.created)} late, a size change ${late(seen.resized)}, a removal ${late(seen.removed)} (stat)`;
  if (prompt) return entry('time', name, 'ok', `${what}: no caching to speak of`, measured);
  return entry(
    'time',
    name,
    'caveat',
    `${what}: waiters learn of a release that late; the lock decides by link and read, never by stat`,
    measured,
  );
}

function contentEntry(name: string, who: string, source: string, seen: Seen) {
  const measured = { rewrittenMs: round(seen) };
  const what = `${who} read content rewritten${source} ${late(seen)} late, through the lock's own read (open, read)`;
  if (seen !== null && seen < PROMPT_MS) {
    return entry('time', name, 'ok', `${what}: a refresh is seen at once`, measured);
  }
  if (seen !== null && seen < UNSAFE_READ_MS) {
    return entry(
      'time',
      name,
      'caveat',
      `${what}: keep a lock's lifetime well above three times that (a waiter may read an expiry that old)`,
      measured,
    );
  }
  return entry(
    'time',
    name,
    'unsafe',
    `${what}: a waiter may read an expiry older than the last refresh and break a live lock (the default lifetime is 15 s, refreshed every 5 s)`,
    measured,
  );
}

function round(ms: Seen): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
}
