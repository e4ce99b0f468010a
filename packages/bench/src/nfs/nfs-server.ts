import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { onInterrupt } from '../interrupt-cleanup.js';
import {
  exportDirectory,
  exportUrl,
  NFS_HOST,
  type NfsServerConfig,
  serverConfigFrom,
  universalAddress,
} from './server-config.js';
import { ganeshaVersion } from './server-version.js';
import { newServerRoot, runSetup, runTeardown } from './setup-scripts.js';

const RPCINFO_TIMEOUT_MS = 10_000;
/** rpcinfo's PROGRAM VERSION of NFS version 3. */
const NFS3 = ['100003', '3'] as const;

/** The NFS server one run measures against. */
export interface NfsServer {
  config: NfsServerConfig;
  /** `NfsAdapter.connect` URL of the export. */
  url: string;
  version: string;
  /** Whether this run started it (from a temporary root), and so stops it. */
  startedByBench: boolean;
  /** Stops the server if this run started it, else nothing; once. Throws if it would not stop. */
  stop(): void;
}

export type ObtainedServer = { server: NfsServer } | { unavailable: string };

/**
 * The server that answers on the configured port (set up by scripts/nfs/setup.sh with the
 * same environment; asked directly, so a server the portmapper lost track of counts), or else
 * one started now by setup.sh from a temporary root and stopped by `stop()` or, on Ctrl-C, by
 * the interrupt cleanup. Whatever keeps a server from being used (not root, no apt, the
 * export not on this machine) is returned as the reason, not thrown: a machine without NFS
 * skips the workload instead of failing the run.
 */
export async function obtainNfsServer(
  onProgress: (message: string) => void,
): Promise<ObtainedServer> {
  let configured: NfsServerConfig;
  try {
    configured = serverConfigFrom(process.env);
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
  if (await rpcinfo('-a', universalAddress(NFS_HOST, configured.port), '-T', 'tcp', ...NFS3)) {
    return useRunningServer(configured, onProgress);
  }
  // ganesha registers with the one rpcbind: while another NFSv3 server is registered, a second
  // one cannot start, and stopping the first is not this bench's business.
  if (await rpcinfo('-t', NFS_HOST, ...NFS3)) {
    return {
      unavailable: `the portmapper on ${NFS_HOST} knows an NFSv3 server, but none answers on port ${configured.port} (set LINKLOCK_NFS_PORT and LINKLOCK_NFS_MOUNT_PORT to its ports)`,
    };
  }
  return startServer(configured, onProgress);
}

/** The server that answered, as setup.sh set it up (its export must be on this machine). */
function useRunningServer(
  config: NfsServerConfig,
  onProgress: (message: string) => void,
): ObtainedServer {
  const directory = exportDirectory(config);
  if (!existsSync(directory)) {
    return {
      unavailable: `an NFSv3 server answers on ${NFS_HOST}:${config.port}, but its export ${directory} is not on this machine (set LINKLOCK_NFS_ROOT to the root scripts/nfs/setup.sh was given)`,
    };
  }
  onProgress(`nfs: using the NFSv3 server that answers on ${NFS_HOST}:${config.port}`);
  return {
    server: {
      config,
      url: exportUrl(config),
      version: ganeshaVersion(),
      startedByBench: false,
      // Someone else's server: it outlives this run.
      stop: () => {},
    },
  };
}

/**
 * Whether `rpcinfo ARGS` got an answer: with `-a ADDRESS -T tcp PROGRAM VERSION` from the
 * server at that address itself (a server running but not registered still counts), with
 * `-t HOST PROGRAM VERSION` from the one the portmapper names. A missing rpcinfo means no
 * rpcbind, hence no server yet (setup.sh installs both).
 */
function rpcinfo(...args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('rpcinfo', args, { timeout: RPCINFO_TIMEOUT_MS }, (error) => resolve(error === null));
  });
}

async function startServer(
  configured: NfsServerConfig,
  onProgress: (message: string) => void,
): Promise<ObtainedServer> {
  const root = newServerRoot();
  const config = { ...configured, root };
  let setup: ChildProcess | undefined;
  // Ctrl-C during setup.sh: stop it, then undo whatever it got to (rpcbind, ganesha, ROOT).
  const unregister = onInterrupt(() => {
    setup?.kill('SIGTERM');
    runTeardown(root);
  });
  onProgress(
    `nfs: no NFSv3 server answers on ${NFS_HOST}:${config.port}; starting nfs-ganesha from ${root}`,
  );
  const failure = await runSetup(config, {
    onLine: onProgress,
    onStart: (child) => {
      setup = child;
    },
  });
  if (failure !== undefined) {
    unregister();
    try {
      runTeardown(root);
    } catch (error) {
      onProgress(`nfs: ${(error as Error).message}`);
    }
    return { unavailable: `could not start nfs-ganesha: ${failure}` };
  }
  let stopped = false;
  return {
    server: {
      config,
      url: exportUrl(config),
      version: ganeshaVersion(),
      startedByBench: true,
      stop() {
        if (stopped) return;
        stopped = true;
        unregister();
        runTeardown(root);
      },
    },
  };
}
