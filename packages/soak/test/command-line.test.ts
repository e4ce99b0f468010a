import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built entry point (vitest's global setup builds it), as `pnpm soak` runs it.
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function soak(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pnpm soak, before any process runs', () => {
  it('--help prints the usage and exits 0', () => {
    const { code, stdout } = soak(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: pnpm soak \[--minutes N\]/);
  });

  it('a bad option: one line on stderr, exit 2, nothing on stdout', () => {
    const { code, stdout, stderr } = soak(['--minutes', 'soon']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'pnpm soak: --minutes expects a number of minutes above 0 and at most 1440 (fractions allowed), got "soon" (see --help)',
    ]);
  });

  it('missing mounts: says what to run (with the SSH port it was given), exit 2, leaves nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'soak-no-mounts-'));
    try {
      const { code, stderr } = soak(['--root', root], { LINKLOCK_REALFS_SSH_PORT: '42999' });
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(
        `${join(root, 'view1')}, ${join(root, 'view2')}, ${join(root, 'ssh')} are not mounted`,
      );
      expect(stderr).toContain(
        `run LINKLOCK_REALFS_SSH_PORT=42999 bash scripts/realfs/setup.sh ${root} first`,
      );
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
