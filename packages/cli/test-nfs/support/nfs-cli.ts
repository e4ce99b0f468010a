import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NfsAdapter } from '@linklock/nfs';
import { afterEach, beforeAll, beforeEach } from 'vitest';

// The built `linklock` against the server of scripts/nfs/setup.sh. Its address is copied from
// packages/nfs/test-nfs/support/ganesha.ts (a package does not import another's test files).
export const EXPORT_DIR = join(process.env.LINKLOCK_NFS_ROOT ?? '/tmp/linklock-nfs', 'export');
export const NFS_PORT = Number(process.env.LINKLOCK_NFS_PORT ?? 42049);
export const MOUNT_PORT = Number(process.env.LINKLOCK_NFS_MOUNT_PORT ?? 42050);

const exportUrl = `nfs://127.0.0.1:${NFS_PORT}${EXPORT_DIR}?mountport=${MOUNT_PORT}`;

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export type Started = ChildProcess & {
  output: { stdout: string; stderr: string };
  startedAt: number;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Starts `linklock <args>` without waiting for it. */
export function startCli(args: string[]): Started {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close': the exit and every byte of output. A run killed with SIGKILL would leave its
    // command holding the pipes; these tests end their runs with signals they pass on.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return Object.assign(child, { output, startedAt: performance.now(), ended });
}

/** Waits for `child` to end: a process still alive after `timeoutMs` is killed and fails the test. */
export async function finished(child: Started, timeoutMs = 30_000): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`linklock did not end in ${timeoutMs} ms: ${JSON.stringify(child.output)}`));
    }, timeoutMs);
  });
  try {
    const { code } = await Promise.race([child.ended, timeout]);
    return { code, ...child.output, elapsedMs: performance.now() - child.startedAt };
  } finally {
    clearTimeout(timer);
  }
}

export function runCli(args: string[]): Promise<CliResult> {
  return finished(startCli(args));
}

/** Resolves once `child`'s stdout contains `text`. */
export async function waitForOutput(child: Started, text: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!child.output.stdout.includes(text)) {
    if (child.exitCode !== null || performance.now() > deadline) {
      throw new Error(`no ${JSON.stringify(text)} from linklock: ${JSON.stringify(child.output)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A fresh directory of the export for each test, made on the server's disk and removed after,
 * with the runs a test started. `local` is its path on disk, `url(name)` a file's nfs:// URL.
 */
export function useExportDirectory(prefix: string): {
  readonly local: string;
  url(name: string, port?: number): string;
  track(child: Started): Started;
} {
  let local = '';
  const started: Started[] = [];
  beforeAll(async () => {
    // Asked the way the tests reach it (ports given): the portmapper's registrations are not
    // needed, and a restarted ganesha can be serving without them.
    try {
      const adapter = await NfsAdapter.connect(exportUrl);
      await adapter.close();
    } catch (error) {
      throw new Error(
        `no NFS export answers at ${exportUrl}: run scripts/nfs/setup.sh first (${(error as Error).message})`,
      );
    }
  });
  beforeEach(() => {
    local = mkdtempSync(join(EXPORT_DIR, `${prefix}-`));
  });
  afterEach(async () => {
    for (const child of started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await finished(child).catch(() => undefined);
    }
    rmSync(local, { recursive: true, force: true });
  });
  return {
    get local() {
      return local;
    },
    url: (name, port = NFS_PORT) =>
      `nfs://127.0.0.1:${port}${local}/${name}?mountport=${MOUNT_PORT}`,
    track(child) {
      started.push(child);
      return child;
    },
  };
}
