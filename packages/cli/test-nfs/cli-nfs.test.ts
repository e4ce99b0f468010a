import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXPORT_DIR,
  finished,
  runCli,
  type Started,
  startCli,
  useExportDirectory,
  waitForOutput,
} from './support/nfs-cli.js';

// `linklock` with nfs:// URLs against nfs-ganesha: the CLI speaks NFS itself, and the test
// looks at the exported directory on the server's own disk.
const scene = useExportDirectory('cli');

/** `linklock run <url> -- sh -c 'echo held; exec sleep 60'`, resolved once it holds the lock. */
async function holdLock(url: string): Promise<Started> {
  const holder = scene.track(startCli(['run', url, '--', 'sh', '-c', 'echo held; exec sleep 60']));
  await waitForOutput(holder, 'held');
  return holder;
}

describe('linklock run nfs://...', () => {
  it("passes the command's output and exit code through, and leaves nothing in the export", async () => {
    const url = scene.url('job.lock');
    const result = await runCli(['run', url, '--json', '--', 'sh', '-c', 'echo inside; exit 3']);
    expect(result.code).toBe(3);
    const [output, json] = result.stdout.trim().split('\n');
    expect(output).toBe('inside');
    expect(JSON.parse(json as string)).toMatchObject({
      lockfile: url,
      acquired: true,
      exitCode: 3,
      compromised: false,
    });
    expect(readdirSync(scene.local)).toEqual([]);
  });

  it('holds the lock while the command runs: a second run --nonblock exits 75 naming the holder', async () => {
    const url = scene.url('job.lock');
    const holder = await holdLock(url);
    // The lock file and the holder's claim, on the server's disk.
    expect(readdirSync(scene.local).sort()).toEqual([
      'job.lock',
      expect.stringMatching(/^job\.lock\.claim\./),
    ]);
    const marker = join(scene.local, 'ran');
    const second = await runCli(['run', url, '--nonblock', '--', 'touch', marker]);
    expect(second.code).toBe(75);
    expect(second.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`${url} is held by pid ${holder.pid} on `),
    ]);
    expect(existsSync(marker)).toBe(false);

    // SIGTERM goes to the command; the run releases the lock and ends (its connection closed).
    holder.kill('SIGTERM');
    expect((await finished(holder)).code).toBe(128 + 15);
    expect(readdirSync(scene.local)).toEqual([]);
  });

  it('a signal while waiting ends the wait and the process, leaving no claim behind', async () => {
    const url = scene.url('job.lock');
    await holdLock(url);
    const waiter = scene.track(startCli(['run', url, '--', 'true']));
    // Waiting: its claim file is on the server next to the holder's.
    await expect.poll(() => readdirSync(scene.local).length, { timeout: 10_000 }).toBe(3);
    waiter.kill('SIGINT');
    const result = await finished(waiter, 10_000);
    expect(result.code).toBe(1);
    expect(readdirSync(scene.local)).toHaveLength(2);
  });
});

describe('linklock status and break nfs://...', () => {
  it('status --json names the URL: held while a run holds it, unlocked after', async () => {
    const url = scene.url('job.lock');
    const holder = await holdLock(url);
    const held = await runCli(['status', url, '--json']);
    expect(held.code).toBe(0);
    expect(JSON.parse(held.stdout)).toMatchObject({
      lockfile: url,
      state: 'held',
      holder: { pid: holder.pid },
    });
    expect(JSON.parse(held.stdout).holder.expiresInMs).toBeGreaterThan(0);

    holder.kill('SIGTERM');
    await finished(holder);
    const after = await runCli(['status', url, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual({
      lockfile: url,
      state: 'unlocked',
      holder: null,
      foreign: null,
      shared: null,
    });
  });

  it("status of a lock whose directory is missing on the server: exit 1 naming it, not 'unlocked'", async () => {
    const result = await runCli(['status', scene.url('missing/job.lock')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`the directory ${scene.local}/missing does not exist`);
    expect(result.stderr).toContain('127.0.0.1');
  });

  it('break refuses a live holder without --force, naming the URL; --force breaks it', async () => {
    const url = scene.url('job.lock');
    const holder = await holdLock(url);
    const refused = await runCli(['break', url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refusing to break ${url}: held by pid ${holder.pid} on `);
    expect(refused.stderr).toContain('--force');
    expect(readdirSync(scene.local)).toContain('job.lock');

    const forced = await runCli(['break', url, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ lockfile: url, result: 'broken' });
    expect(readdirSync(scene.local)).toEqual([]);
  });
});

describe('linklock with an NFS URL that cannot be used', () => {
  it('a port nothing listens on: exit 1 at once, one line naming host, port and export', async () => {
    for (const command of [['status'], ['break'], ['run']]) {
      const args = [...command, scene.url('job.lock', 1), '--json'];
      const result = await runCli(command[0] === 'run' ? [...args, '--', 'true'] : args);
      expect(result.code, command[0]).toBe(1);
      expect(result.elapsedMs).toBeLessThan(5_000);
      // --json: the error as one object on stdout, the line for people on stderr.
      expect(JSON.parse(result.stdout)).toMatchObject({
        error: { code: 'ECONNREFUSED', message: expect.stringContaining('127.0.0.1:1') },
        lockfile: scene.url('job.lock', 1),
      });
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('127.0.0.1:1');
      expect(lines[0]).toContain(EXPORT_DIR);
      expect(lines[0]).toContain('ECONNREFUSED');
    }
  });

  it('a malformed URL is a usage error: exit 2, one line and the hint, nothing sent', async () => {
    const cases = [
      ['status', 'nfs://'],
      ['break', 'nfs:///tmp/job.lock'],
      ['run', `${scene.url('job.lock')}&colour=blue`, '--', 'true'],
      ['status', scene.url('job.lock').replace('mountport=', 'mountport=x')],
    ];
    for (const args of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^linklock: the NFS URL ".*" /),
        `(see linklock ${args[0]} --help)`,
      ]);
    }
    expect(readdirSync(scene.local)).toEqual([]);
  });

  it('a URL naming the export itself, not a lock file in it: usage error', async () => {
    const url = scene.url('job.lock').replace(/\/[^/]+\/job\.lock/, '');
    const result = await runCli(['status', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`names the export ${EXPORT_DIR} itself`);
  });
});
