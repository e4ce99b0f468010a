import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { nodeIdentity } from '../src/node-identity.js';

async function exitedChildPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('no child pid');
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

describe('nodeIdentity', () => {
  it('describes this process', () => {
    const identity = nodeIdentity();
    expect(identity.hostname).toBe(hostname());
    expect(identity.pid).toBe(process.pid);
    if (existsSync('/proc/sys/kernel/random/boot_id')) {
      expect(identity.bootId).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
      expect(identity.bootId).toMatch(/^[0-9a-f-]{36}$/);
    } else {
      expect(identity.bootId).toBeUndefined();
    }
    if (existsSync('/proc/self/ns/pid')) {
      expect(identity.pidNamespace).toBe(readlinkSync('/proc/self/ns/pid'));
      expect(identity.pidNamespace).toMatch(/^pid:\[\d+\]$/);
    } else {
      expect(identity.pidNamespace).toBeUndefined();
    }
    expect(typeof identity.isProcessAlive).toBe('function');
  });

  it('takes overrides field by field', () => {
    const base = nodeIdentity();
    const other = nodeIdentity({ hostname: 'other-host' });
    expect(other.hostname).toBe('other-host');
    expect(other.pid).toBe(base.pid);
    expect(other.bootId).toBe(base.bootId);
    expect(other.pidNamespace).toBe(base.pidNamespace);
    const custom = nodeIdentity({ pid: 7, bootId: 'boot', isProcessAlive: () => false });
    expect(custom).toMatchObject({ pid: 7, bootId: 'boot' });
    expect(custom.isProcessAlive?.(process.pid)).toBe(false);
  });

  it('ignores overrides that are undefined', () => {
    const identity = nodeIdentity({ hostname: undefined } as unknown as { hostname: string });
    expect(identity.hostname).toBe(hostname());
  });

  it('returns a new object each time', () => {
    const a = nodeIdentity();
    a.hostname = 'changed';
    expect(nodeIdentity().hostname).toBe(hostname());
  });

  it('tells live processes from dead ones', async () => {
    const { isProcessAlive } = nodeIdentity();
    expect(isProcessAlive?.(process.pid)).toBe(true);
    expect(isProcessAlive?.(process.ppid)).toBe(true);
    expect(isProcessAlive?.(await exitedChildPid())).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'counts a killed but not yet reaped child (a zombie) as dead',
    () => {
      const { isProcessAlive } = nodeIdentity();
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
      const pid = child.pid as number;
      child.kill('SIGKILL');
      // Node reaps its children from the event loop: until this test yields, the child stays a
      // zombie, which kill(pid, 0) still finds.
      const deadline = Date.now() + 5_000;
      while (!/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) && Date.now() < deadline) {}
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /);
      expect(() => process.kill(pid, 0)).not.toThrow();
      expect(isProcessAlive?.(pid)).toBe(false);
    },
  );

  it('counts anything that is not a pid as alive (never proof of death)', () => {
    const { isProcessAlive } = nodeIdentity();
    for (const pid of [0, -1, 1.5, Number.NaN, 2 ** 60]) expect(isProcessAlive?.(pid)).toBe(true);
  });
});
