import { readdirSync } from 'node:fs';
import type { LockOptions, Logger } from '@linklock/core';
import { NfsAdapter } from '@linklock/nfs';
import { createLock, nodeIdentity } from 'linklock';
import { type ProxyEvent, RpcFaultProxy } from '../../test-support/rpc-fault-proxy.js';
import { EXPORT_DIR, freshExportDirectory, HOST, MOUNT_PORT, NFS_PORT } from './ganesha.js';

/** NFSv3 procedure numbers the tests name. */
export const PROCEDURE = { CREATE: 8, REMOVE: 12, RENAME: 14, LINK: 15 } as const;

/** What happened to one call whose reply the proxy took away, and to its retransmission. */
export interface LostReply {
  procedure: number;
  /** The status the server sent the first time (the reply the client never saw). */
  first: number | undefined;
  /** The status the client finally got: the retransmission's answer. */
  retransmitted: number | undefined;
  /** Whether the retransmission went out on a new connection. */
  newConnection: boolean;
}

/** A logger that keeps warn and error lines, which a run without crashes must not have. */
export function alarmLogger(): Logger & { alarms: string[] } {
  const alarms: string[] = [];
  const keep = (level: string) => (message: string) => alarms.push(`${level} ${message}`);
  return { alarms, debug() {}, info() {}, warn: keep('warn'), error: keep('error') };
}

/**
 * A lock over NfsAdapter whose NFS traffic runs through the fault proxy (MOUNT goes direct), in a
 * fresh directory of the export; a second, direct adapter stands for another process.
 */
export async function lostReplyStage(options: Partial<LockOptions> = {}) {
  const proxy = await RpcFaultProxy.start({ upstreamHost: HOST, upstreamPort: NFS_PORT });
  const directory = freshExportDirectory('lost-reply');
  const connect = (port: number) =>
    NfsAdapter.connect({
      host: HOST,
      port,
      mountPort: MOUNT_PORT,
      exportPath: EXPORT_DIR,
      timeoutMs: 250,
    });
  const fs = await connect(proxy.port);
  const other = await connect(NFS_PORT);
  const logger = alarmLogger();
  const lockfile = `${directory.inExport}/job.lock`;
  const identity = { ...nodeIdentity(), hostname: 'nfs-client-a' };
  const lock = createLock(lockfile, { fs, logger, identity, ...options });
  const otherLock = createLock(lockfile, {
    fs: other,
    logger,
    identity: { ...nodeIdentity(), hostname: 'nfs-client-b' },
  });
  return {
    proxy,
    fs,
    lock,
    otherLock,
    logger,
    /** Names in the test's directory, seen on the server's own disk. */
    files: () => readdirSync(directory.local).sort(),
    /** The calls of `procedure` whose first reply was lost, and what their retransmission got. */
    lostReplies: (procedure: number) => lostReplies(proxy.events(), procedure),
    async close() {
      await fs.close();
      await other.close();
      await proxy.close();
      directory.remove();
    },
  };
}

function lostReplies(events: readonly ProxyEvent[], procedure: number): LostReply[] {
  const lost = events.filter(
    (event) =>
      event.kind === 'reply' &&
      event.procedure === procedure &&
      (event.action === 'dropped' || event.action === 'cut'),
  );
  return lost.map((event) => {
    const answered = events.find(
      (later) => later.kind === 'reply' && later.xid === event.xid && later.action === 'forwarded',
    );
    return {
      procedure,
      first: event.status,
      retransmitted: answered?.status,
      newConnection: answered !== undefined && answered.connection !== event.connection,
    };
  });
}
