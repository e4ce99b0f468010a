import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, runCli, useLockDirectory } from './run-cli.js';

const scene = useLockDirectory('linklock-cli-status-');

describe('linklock status', () => {
  it('an unlocked lock: state unlocked, exit 0', async () => {
    const result = await runCli(['status', scene.lockfile, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      lockfile: scene.lockfile,
      state: 'unlocked',
      holder: null,
      foreign: null,
      shared: null,
    });
  });

  it('a held lock: holder, expiry and time left, in text and JSON', async () => {
    const holder = await scene.holdLock();
    const text = await runCli(['status', scene.lockfile]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^state +held$/m);
    expect(text.stdout).toContain(`pid ${holder.pid} on `);
    const json = JSON.parse((await runCli(['status', scene.lockfile, '--json'])).stdout);
    expect(json.holder.pid).toBe(holder.pid);
    expect(json.holder.expiresInMs).toBeGreaterThan(0);
    expect(json.holder.expiresInMs).toBeLessThanOrEqual(15_000);
    expect(Date.parse(json.holder.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('a foreign file: state foreign, left alone', async () => {
    writeFileSync(scene.lockfile, '4242\n');
    const result = await runCli(['status', scene.lockfile, '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({
      state: 'foreign',
      foreign: 'a file linklock did not write',
    });
    expect(readFileSync(scene.lockfile, 'utf8')).toBe('4242\n');
  });

  it('a directory at the lock path is called a directory', async () => {
    mkdirSync(scene.lockfile);
    const result = await runCli(['status', scene.lockfile]);
    expect(result.stdout).toContain('a directory, not a lock file; linklock never breaks it');
  });

  it('a missing directory is an error, not "unlocked"', async () => {
    const result = await runCli(['status', join(scene.dir, 'nope', 'job.lock')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not exist');
  });
});

describe('linklock break', () => {
  it('refuses a live lock without --force: exit 1, says why, the holder keeps it', async () => {
    const holder = await scene.holdLock();
    const result = await runCli(['break', scene.lockfile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to break');
    expect(result.stderr).toContain(`pid ${holder.pid}`);
    expect(result.stderr).toContain('--force');
    const status = JSON.parse((await runCli(['status', scene.lockfile, '--json'])).stdout);
    expect(status).toMatchObject({ state: 'held', holder: { pid: holder.pid } });
  });

  it('--force breaks a live lock and its claim; the holder then finds its lock lost', async () => {
    const holder = await scene.holdLock();
    const result = await runCli(['break', scene.lockfile, '--force', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: 'broken' });
    expect(readdirSync(scene.dir)).toEqual([]);
    holder.kill('SIGTERM');
    const ended = await finished(holder);
    expect(ended.stderr).toMatch(/lost|broken|no longer ours/);
  });

  it('breaks the lock of a holder that was killed (same host, pid dead) without --force', async () => {
    const holder = await scene.holdLock();
    holder.kill('SIGKILL');
    await finished(holder);
    expect(readdirSync(scene.dir).length).toBeGreaterThan(0);
    const result = await runCli(['break', scene.lockfile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('broke');
    // What the killed run left (lock and claim) is gone; its child `sleep` may still run.
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('never removes a foreign file, even with --force: exit 1', async () => {
    writeFileSync(scene.lockfile, 'not ours\n');
    for (const args of [
      ['break', scene.lockfile],
      ['break', scene.lockfile, '--force'],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('not a linklock lock file');
    }
    expect(readdirSync(scene.dir)).toEqual(['job.lock']);
    expect(readFileSync(scene.lockfile, 'utf8')).toBe('not ours\n');
  });

  it('nothing to break: exit 0', async () => {
    const result = await runCli(['break', scene.lockfile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing to break');
  });
});
