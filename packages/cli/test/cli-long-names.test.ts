import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, runCli, startCli, useLockDirectory, waitForOutput } from './run-cli.js';

// Lock names that are valid file names but leave no room for the lock's other names to add
// host, pid and nonce: the lock shortens those (docs/protocol.md, "Files"). On the local disk,
// which refuses names longer than 255 bytes.
const scene = useLockDirectory('linklock-cli-long-names-');

const NAMES: Record<string, string> = {
  '255 ASCII bytes': `${'a'.repeat(250)}.lock`,
  '84 euro signs and .ab (255 bytes)': `${'€'.repeat(84)}.ab`,
  spaces: `${'a lock with spaces '.repeat(13)}.lock`,
  'line breaks': `${'a lock\nwith line breaks\n'.repeat(10)}.lock`,
};

/** `linklock run <lockfile> -- sh -c 'echo held; exec sleep 60'`, resolved once it holds. */
async function hold(lockfile: string, ...flags: string[]) {
  const holder = scene.track(
    startCli(['run', ...flags, lockfile, '--', 'sh', '-c', 'echo held; exec sleep 60']),
  );
  await waitForOutput(holder, 'held');
  return holder;
}

describe.each(Object.entries(NAMES))('linklock with a lock named with %s', (_, basename) => {
  const lockfile = () => join(scene.dir, basename);

  it('run: holds the lock while the command runs, and leaves nothing behind', async () => {
    const result = await runCli(['run', lockfile(), '--json', '--', 'true']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ acquired: true, exitCode: 0 });
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('status names the holder; break refuses it live, and breaks it once killed', async () => {
    const holder = await hold(lockfile());
    const status = JSON.parse((await runCli(['status', lockfile(), '--json'])).stdout);
    expect(status).toMatchObject({ state: 'held', holder: { pid: holder.pid }, shared: null });
    const refused = await runCli(['break', lockfile()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to break');
    holder.kill('SIGKILL');
    await finished(holder);
    const broken = await runCli(['break', lockfile()]);
    expect(broken.code).toBe(0);
    expect(broken.stdout).toContain('broke');
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('status of a shared lock shows its reader', async () => {
    const reader = await hold(lockfile(), '--shared');
    const status = JSON.parse((await runCli(['status', lockfile(), '--json'])).stdout);
    expect(status).toMatchObject({
      state: 'held',
      shared: { writer: null, readers: [{ pid: reader.pid }] },
    });
  });
});

describe('linklock with a lock whose name starts with a dash', () => {
  const basename = `-${'d'.repeat(249)}.lock`;

  it('takes it as ./-name (run), or after -- (status, break)', async () => {
    const cwd = scene.dir;
    const run = await runCli(['run', `./${basename}`, '--json', '--', 'true'], { cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ acquired: true });
    const status = await runCli(['status', '--json', '--', basename], { cwd });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      lockfile: join(scene.dir, basename),
      state: 'unlocked',
    });
    const broken = await runCli(['break', '--', basename], { cwd });
    expect(broken.code).toBe(0);
    expect(broken.stdout).toContain('nothing to break');
    expect(readdirSync(scene.dir)).toEqual([]);
  });

  it('given bare, is a usage error that says how to give it', async () => {
    const result = await runCli(['run', basename, '--', 'true'], { cwd: scene.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option -d');
    expect(result.stderr).toContain('given as ./-d');
    expect(readdirSync(scene.dir)).toEqual([]);
  });
});

describe('linklock with a lock name longer than 255 bytes', () => {
  it('run fails (exit 1) saying the name is too long and what to do, creating nothing', async () => {
    const result = await runCli(['run', join(scene.dir, `${'a'.repeat(252)}.lock`), '--', 'true']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('257 bytes');
    expect(result.stderr).toContain('choose a shorter name');
    expect(readdirSync(scene.dir)).toEqual([]);
  });
});
