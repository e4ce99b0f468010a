import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, runCli, startCli, useLockDirectory, waitForOutput } from './run-cli.js';

const scene = useLockDirectory('linklock-cli-run-');

describe('linklock run', () => {
  it("passes the command's output and exit code through, and leaves no file behind", async () => {
    const result = await runCli(['run', scene.lockfile, '--', 'sh', '-c', 'echo inside; exit 3']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('inside\n');
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('--json reports the run after the command, on stdout', async () => {
    const result = await runCli(['run', scene.lockfile, '--json', '--', 'sh', '-c', 'echo inside']);
    expect(result.code).toBe(0);
    const [output, json] = result.stdout.trim().split('\n');
    expect(output).toBe('inside');
    expect(JSON.parse(json as string)).toMatchObject({
      lockfile: scene.lockfile,
      acquired: true,
      exitCode: 0,
      signal: null,
      compromised: false,
    });
  });

  it('holds the lock while the command runs: status sees it held by the run', async () => {
    const holder = await scene.holdLock();
    const status = await runCli(['status', scene.lockfile, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'held', holder: { pid: holder.pid } });
  });

  it('a command that cannot be found: 127, and the lock is released', async () => {
    const result = await runCli(['run', scene.lockfile, '--', 'no-such-command-linklock']);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('no-such-command-linklock: command not found');
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('--nonblock on a held lock: 75 at once, one line naming the holder, the command never runs', async () => {
    const holder = await scene.holdLock();
    const marker = join(scene.dir, 'ran');
    const result = await runCli(['run', scene.lockfile, '--nonblock', '--', 'touch', marker]);
    expect(result.code).toBe(75);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`pid ${holder.pid} on `);
    expect(existsSync(marker)).toBe(false);
  });

  it('--timeout on a held lock: 75 after the timeout; --json says who holds it', async () => {
    const holder = await scene.holdLock();
    const result = await runCli([
      'run',
      scene.lockfile,
      '--timeout',
      '300',
      '--json',
      '--',
      'true',
    ]);
    expect(result.code).toBe(75);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(300);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ acquired: false, exitCode: null });
    expect(report.holder).toMatchObject({ pid: holder.pid });
    expect(result.stderr).toContain('gave up after 300 ms');
  });

  it('waits its turn: a second run starts once the first has finished', async () => {
    const first = startCli([
      'run',
      scene.lockfile,
      '--',
      'sh',
      '-c',
      'echo first; sleep 0.5; echo first-done',
    ]);
    scene.track(first);
    await waitForOutput(first, 'first');
    const second = await runCli(['run', scene.lockfile, '--', 'echo', 'second']);
    expect(second.code).toBe(0);
    expect(first.output.stdout).toContain('first-done'); // the second ran only after the first
    expect((await finished(first)).code).toBe(0);
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('--fair: waiting runs take the lock in the order they asked for it', async () => {
    const order = join(scene.dir, '..', `${scene.dir.split('/').at(-1)}-order`);
    const go = `${order}-go`;
    // The holder keeps the lock until every run is in line.
    const waitForGo = `echo held; while [ ! -e ${go} ]; do sleep 0.05; done`;
    const holder = startCli(['run', scene.lockfile, '--', 'sh', '-c', waitForGo]);
    scene.track(holder);
    await waitForOutput(holder, 'held');
    const turn = (name: string) =>
      startCli(['run', scene.lockfile, '--fair', '--', 'sh', '-c', `echo ${name} >> ${order}`]);
    const runs = [];
    for (const [index, name] of ['first', 'second', 'third'].entries()) {
      const run = turn(name);
      scene.track(run);
      runs.push(run);
      await queued(index + 1); // each asks after the one before is in line
    }
    writeFileSync(go, '');
    for (const run of [holder, ...runs]) expect((await finished(run)).code).toBe(0);
    expect(readFileSync(order, 'utf8')).toBe('first\nsecond\nthird\n');
    rmSync(order);
    rmSync(go);
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  /** Resolves once `count` waiters are in the fair queue (claims with a ticket in their name). */
  async function queued(count: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    const inLine = () => readdirSync(scene.dir).filter((name) => name.includes('.fq-')).length;
    while (inLine() < count) {
      if (Date.now() > deadline) throw new Error(`${count} waiters never queued`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('--fair with --shared is a usage error', async () => {
    const result = await runCli(['run', scene.lockfile, '--fair', '--shared', '--', 'true']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fair and --shared exclude each other');
  });

  it('SIGTERM goes to the command; the run exits with its status and releases the lock', async () => {
    const run = startCli([
      'run',
      scene.lockfile,
      '--',
      'sh',
      '-c',
      'trap "exit 7" TERM; echo ready; while :; do sleep 0.05; done',
    ]);
    scene.track(run);
    await waitForOutput(run, 'ready');
    run.kill('SIGTERM');
    const result = await finished(run);
    expect(result.code).toBe(7);
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('a command killed by a signal: 128 + its number, the lock released', async () => {
    const result = await runCli(['run', scene.lockfile, '--', 'sh', '-c', 'kill -TERM $$']);
    expect(result.code).toBe(128 + 15);
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('a missing directory: exit 1 saying so, nothing created', async () => {
    const result = await runCli(['run', join(scene.dir, 'missing', 'job.lock'), '--', 'true']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ENOENT');
    expect(readdirSync(scene.dir)).toEqual([]);
  });
});
