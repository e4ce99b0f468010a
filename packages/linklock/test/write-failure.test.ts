import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Makes writes fail on demand, to see what a failure after the file was created leaves behind.
const failures = vi.hoisted(() => ({ write: 0, close: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const enospc = () =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
    });
  const eio = () =>
    Object.assign(new Error('EIO: i/o error, close'), { code: 'EIO', syscall: 'close' });
  const mocked = {
    ...actual,
    writeSync: (...args: Parameters<typeof actual.writeSync>) => {
      if (failures.write > 0) {
        failures.write -= 1;
        throw enospc();
      }
      return actual.writeSync(...args);
    },
    write: (...args: unknown[]) => {
      if (failures.write > 0) {
        failures.write -= 1;
        const callback = args[args.length - 1] as (error: Error) => void;
        process.nextTick(() => callback(enospc()));
        return;
      }
      return (actual.write as (...a: unknown[]) => void)(...args);
    },
    closeSync: (fd: number) => {
      actual.closeSync(fd);
      if (failures.close > 0) {
        failures.close -= 1;
        throw eio();
      }
    },
    close: (fd: number, callback: (error: Error | null) => void) => {
      actual.close(fd, (error) => {
        if (!error && failures.close > 0) {
          failures.close -= 1;
          callback(eio());
          return;
        }
        callback(error);
      });
    },
  };
  return { ...mocked, default: mocked };
});

const { NodeFsAdapter } = await import('../src/node-fs-adapter.js');

let dir: string;

beforeEach(() => {
  dir = nodeFs.mkdtempSync(join(tmpdir(), 'linklock-wfail-'));
  failures.write = 0;
  failures.close = 0;
});

afterEach(() => {
  nodeFs.rmSync(dir, { recursive: true, force: true });
});

describe.each(['sync', 'async'] as const)('writeFile failures (%s mode)', (mode) => {
  const adapter = () => new NodeFsAdapter({ mode });

  it('removes the file an exclusive create made when the write fails', async () => {
    failures.write = 1;
    await expect(
      adapter().writeFile(join(dir, 'claim'), 'record', { exclusive: true }),
    ).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(nodeFs.readdirSync(dir)).toEqual([]);
  });

  it('removes the file an exclusive create made when close reports a deferred error', async () => {
    failures.close = 1;
    await expect(
      adapter().writeFile(join(dir, 'claim'), 'record', { exclusive: true }),
    ).rejects.toMatchObject({
      code: 'EIO',
    });
    expect(nodeFs.readdirSync(dir)).toEqual([]);
  });

  it('leaves the file alone without `exclusive`', async () => {
    nodeFs.writeFileSync(join(dir, 'file'), 'old');
    failures.write = 1;
    await expect(adapter().writeFile(join(dir, 'file'), 'new')).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(nodeFs.readdirSync(dir)).toEqual(['file']);
  });

  it('closes the descriptor of a failed writeAt', async () => {
    nodeFs.writeFileSync(join(dir, 'file'), 'content');
    failures.write = 1;
    await expect(adapter().writeAt(join(dir, 'file'), 0, 'x')).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(nodeFs.readFileSync(join(dir, 'file'), 'utf8')).toBe('content');
  });
});
