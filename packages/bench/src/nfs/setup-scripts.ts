import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { NfsServerConfig } from './server-config.js';

const SCRIPTS = new URL('../../../../scripts/nfs/', import.meta.url);
const SETUP = fileURLToPath(new URL('setup.sh', SCRIPTS));
const TEARDOWN = fileURLToPath(new URL('teardown.sh', SCRIPTS));
/** The temporary roots of servers this bench starts; teardown is only ever run on one of them. */
const OWN_ROOT_PREFIX = join(tmpdir(), 'linklock-bench-nfs-');
/** setup.sh may install Debian packages first: generous, but a hung apt must not hang the run. */
const SETUP_TIMEOUT_MS = 300_000;
/**
 * How long to read setup.sh's output after it exited. Its pipes close when it exits, unless a
 * daemon it started kept them (ganesha and rpcbind redirect theirs to /dev/null): not forever.
 */
const OUTPUT_GRACE_MS = 2_000;
const TEARDOWN_TIMEOUT_MS = 60_000;

/** A fresh, empty root for a server of this run's own (setup.sh takes it as ROOT). */
export function newServerRoot(): string {
  return mkdtempSync(OWN_ROOT_PREFIX);
}

export interface SetupHooks {
  /** Each line setup.sh prints (progress: which packages it installs, when it is ready). */
  onLine(line: string): void;
  /** The running script, for an interrupt to stop it. */
  onStart(child: ChildProcess): void;
}

/**
 * Runs scripts/nfs/setup.sh for `config` (its root and ports); resolves once the server is
 * ready with undefined, or with why it could not be started.
 */
export function runSetup(config: NfsServerConfig, hooks: SetupHooks): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('bash', [SETUP, config.root], {
      env: {
        ...process.env,
        LINKLOCK_NFS_ROOT: config.root,
        LINKLOCK_NFS_PORT: String(config.port),
        LINKLOCK_NFS_MOUNT_PORT: String(config.mountPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    hooks.onStart(child);
    const errors: string[] = [];
    const output = Promise.all([
      readLines(child.stdout, hooks.onLine),
      readLines(child.stderr, (line) => {
        errors.push(line);
        hooks.onLine(line);
      }),
    ]);
    const timer = setTimeout(() => child.kill('SIGTERM'), SETUP_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(`cannot run bash: ${error.message}`);
    });
    child.once('exit', async (code, signal) => {
      clearTimeout(timer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        output,
        new Promise((done) => (grace = setTimeout(done, OUTPUT_GRACE_MS))),
      ]);
      clearTimeout(grace);
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (code === 0) resolve(undefined);
      // setup.sh says what failed on one `nfs setup: ...` line (a log tail may follow it).
      else
        resolve(
          errors.find((line) => line.startsWith('nfs setup:')) ??
            errors.at(-1) ??
            `setup.sh exited with ${signal ?? `code ${code}`}`,
        );
    });
  });
}

/** Calls `onLine` with each non-blank line of `stream`; resolves when the stream ends. */
function readLines(stream: Readable | null, onLine: (line: string) => void): Promise<void> {
  if (stream === null) return Promise.resolve();
  return new Promise((done) => {
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (line.trim() !== '') onLine(line);
    });
    lines.once('close', done);
  });
}

/**
 * scripts/nfs/teardown.sh on a root from {@link newServerRoot}, and never on any other: the
 * default root's server is someone else's. Synchronous: it also runs from the signal handler,
 * just before the process exits. Throws when the server would not stop.
 */
export function runTeardown(root: string): void {
  if (!root.startsWith(OWN_ROOT_PREFIX)) {
    throw new Error(`refusing to tear down ${root}: not a server this bench started`);
  }
  try {
    execFileSync('bash', [TEARDOWN, root], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: TEARDOWN_TIMEOUT_MS,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(
      `scripts/nfs/teardown.sh ${root} failed (${stderr || (error as Error).message}): a ganesha may still be running from there`,
    );
  }
}
