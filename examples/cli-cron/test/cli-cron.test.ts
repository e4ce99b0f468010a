// Runs job.sh as cron would, with the built `linklock` command (the global setup builds it).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const JOB_SH = fileURLToPath(new URL('../job.sh', import.meta.url));
const BIN = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));
const LINKLOCK = `${process.execPath} ${BIN}`;

/** A work that records its start and end, and in between waits until the test says finish. */
const HOLDING_WORK = [
  'sh',
  '-c',
  'echo start >> runs; while [ ! -e finish ]; do sleep 0.02; done; echo end >> runs',
];

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let lockDir: string;
let workDir: string;
let tempDir: string;
let children: ChildProcess[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linklock-example-cli-cron-'));
  [lockDir, workDir, tempDir] = ['locks', 'work', 'tmp'].map((name) => join(dir, name)) as [
    string,
    string,
    string,
  ];
  for (const path of [lockDir, workDir, tempDir]) mkdirSync(path);
  children = [];
});

afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `job.sh <lock> <work...>` in the work directory; resolves when it exits. */
function runJob(work: string[], env: Record<string, string> = {}): Promise<Finished> {
  const child = spawn('sh', [JOB_SH, join(lockDir, 'report.lock'), ...work], {
    cwd: workDir,
    env: { ...process.env, LINKLOCK, TMPDIR: tempDir, ...env },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function runs(): string[] {
  const path = join(workDir, 'runs');
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once a holding work has started, that is, once its run holds the lock. */
async function started(): Promise<void> {
  while (!runs().includes('start')) await sleep(10);
}

function claimFiles(): string[] {
  return readdirSync(lockDir).filter((name) => name.startsWith('report.lock.claim.'));
}

const finish = () => writeFile(join(workDir, 'finish'), '');

/** Nothing of the lock's is left, and job.sh's own temporary file is gone. */
function expectNothingLeft(): void {
  expect(readdirSync(lockDir)).toEqual([]);
  expect(readdirSync(tempDir)).toEqual([]);
}

describe('job.sh', () => {
  it('does its work once and exits 0', async () => {
    const done = await runJob(['sh', '-c', 'echo start >> runs; echo report written']);

    expect(done).toEqual({ code: 0, stdout: 'report written\n', stderr: '' });
    expect(runs()).toEqual(['start']);
    expectNothingLeft();
  });

  it('skips quietly while the previous run still holds the lock: exit 0, one line', async () => {
    const first = runJob(HOLDING_WORK);
    await started();

    const second = await runJob(['sh', '-c', 'echo start >> runs']);

    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(
      /^linklock: \S+report\.lock is held by pid \d+ on \S+, expires in [\d.]+ s; not waiting \(--nonblock\)\n$/,
    );
    await finish();
    expect((await first).code).toBe(0);
    expect(runs()).toEqual(['start', 'end']); // the work ran once
    expectNothingLeft();
  });

  it("passes the work's exit code through", async () => {
    const done = await runJob(['sh', '-c', 'echo start >> runs; exit 3']);

    expect(done.code).toBe(3);
    expect(runs()).toEqual(['start']);
    expectNothingLeft();
  });

  it('does not take a work that exits 75 itself for a skip', async () => {
    const done = await runJob(['sh', '-c', 'exit 75']);

    expect(done.code).toBe(75);
    expectNothingLeft();
  });

  it('with JOB_TIMEOUT_MS, waits for the previous run and then does its work', async () => {
    const first = runJob(HOLDING_WORK);
    await started();
    let secondEnded = false;
    const second = runJob(HOLDING_WORK, { JOB_TIMEOUT_MS: '20000' }).finally(() => {
      secondEnded = true;
    });
    // A waiting run keeps its claim file next to the lock (docs/protocol.md, "Files"): two
    // claims mean the second run is waiting for the lock, not yet running, nor gone.
    while (claimFiles().length < 2 && !secondEnded) await sleep(10);
    expect(secondEnded).toBe(false);
    expect(runs()).toEqual(['start']);

    await finish();

    expect((await first).code).toBe(0);
    expect((await second).code).toBe(0);
    expect(runs()).toEqual(['start', 'end', 'start', 'end']); // one after the other
    expectNothingLeft();
  });
});
