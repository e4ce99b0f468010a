// A fault shows the same way in the three API forms: promise, callback, sync; and the errors
// are Node's, field by field.
import * as realFs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { called, failure, faultyVolume, shape } from './support.js';

describe('a rule on one function', () => {
  it('fails promises.writeFile, writeFile and writeFileSync alike, with one rule name', async () => {
    const { fs, volume, faulty } = faultyVolume({
      rules: [{ op: 'writeFile', path: /\/d\/[pcs]$/, errno: 'ENOSPC' }],
    });

    const fromPromise = await failure(() => fs.promises.writeFile('/d/p', 'x'));
    const { answer } = called((callback) => fs.writeFile('/d/c', 'x', callback));
    const [fromCallback] = (await answer) as [NodeJS.ErrnoException];
    const fromSync = await failure(() => fs.writeFileSync('/d/s', 'x'));

    const forms = [fromPromise, fromCallback, fromSync].map((error) => ({
      ...shape(error),
      message: error.message.replace(/\/d\/[pcs]/, '/d/?'),
      path: error.path?.replace(/\/d\/[pcs]/, '/d/?'),
    }));
    expect(forms[0]).toEqual({
      name: 'Error',
      message: "ENOSPC: no space left on device, open '/d/?'",
      code: 'ENOSPC',
      errno: -28,
      syscall: 'open',
      path: '/d/?',
      dest: undefined,
      keys: ['code', 'errno', 'path', 'syscall'],
    });
    expect(forms[1]).toEqual(forms[0]);
    expect(forms[2]).toEqual(forms[0]);
    expect(volume.readdirSync('/d')).toEqual(['a']);
    expect(faulty.history().map((entry) => `${entry.op} ${entry.outcome} ${entry.fault}`)).toEqual([
      'writeFile ENOSPC rule #1',
      'writeFile ENOSPC rule #1',
      'writeFile ENOSPC rule #1',
    ]);
  });

  it('with phase after: the effect is done in every form, and the error has path and dest', async () => {
    const { fs, volume } = faultyVolume({
      rules: [{ op: 'rename', errno: 'EIO', phase: 'after' }],
    });
    volume.writeFileSync('/d/b', 'b');
    volume.writeFileSync('/d/c', 'c');

    const errors = [
      await failure(() => fs.promises.rename('/d/a', '/d/a2')),
      ((await called((callback) => fs.rename('/d/b', '/d/b2', callback)).answer) as [Error])[0],
      await failure(() => fs.renameSync('/d/c', '/d/c2')),
    ] as (NodeJS.ErrnoException & { dest?: string })[];

    expect(volume.readdirSync('/d')).toEqual(['a2', 'b2', 'c2']);
    expect(errors.map((error) => [error.message, error.path, error.dest])).toEqual([
      ["EIO: i/o error, rename '/d/a' -> '/d/a2'", '/d/a', '/d/a2'],
      ["EIO: i/o error, rename '/d/b' -> '/d/b2'", '/d/b', '/d/b2'],
      ["EIO: i/o error, rename '/d/c' -> '/d/c2'", '/d/c', '/d/c2'],
    ]);
  });
});

describe('errors', () => {
  it('an injected error has the very fields and message of a real one from node:fs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faulty-node-'));
    try {
      const real = await failure(() => realFs.promises.link(join(dir, 'none'), join(dir, 'x')));
      const { fs } = faultyVolume({ rules: [{ op: 'link', errno: 'ENOENT' }] });
      const injected = await failure(() => fs.promises.link(join(dir, 'none'), join(dir, 'x')));

      expect(shape(injected)).toEqual(shape(real));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an fd function names no path, as in Node', async () => {
    const { fs } = faultyVolume({ rules: [{ op: 'fsync', errno: 'EIO' }] });
    const fd = fs.openSync('/d/a', 'r+');

    expect(shape(await failure(() => fs.fsyncSync(fd)))).toMatchObject({
      message: 'EIO: i/o error, fsync',
      syscall: 'fsync',
      path: undefined,
      keys: ['code', 'errno', 'syscall'],
    });
  });

  it('errors of the inner filesystem pass unchanged', async () => {
    const { fs } = faultyVolume();

    expect(shape(await failure(() => fs.readFileSync('/d/none')))).toMatchObject({
      message: "ENOENT: no such file or directory, open '/d/none'",
      code: 'ENOENT',
      syscall: 'open',
    });
  });
});

describe('callbacks', () => {
  it('are called asynchronously, on success and on failure', async () => {
    const { fs } = faultyVolume({ rules: [{ op: 'stat', path: '/d/x', errno: 'EIO' }] });

    const ok = called((callback) => fs.stat('/d/a', callback));
    const failed = called((callback) => fs.stat('/d/x', callback));
    const [okError, stats] = await ok.answer;
    const [failedError] = await failed.answer;

    expect([ok.calledBeforeReturn(), failed.calledBeforeReturn()]).toEqual([false, false]);
    expect(okError).toBeNull();
    expect((stats as realFs.Stats).size).toBe(3);
    expect(failedError).toMatchObject({ code: 'EIO' });
  });

  it('read and write call back with both results', async () => {
    const { fs } = faultyVolume();
    const fd = fs.openSync('/d/a', 'r+');
    const buffer = Buffer.alloc(3);

    const [readError, bytesRead, into] = await called((callback) =>
      fs.read(fd, buffer, 0, 3, 0, callback),
    ).answer;
    const [writeError, bytesWritten] = await called((callback) =>
      fs.write(fd, 'xyz', 0, 'utf8', callback),
    ).answer;

    expect([readError, bytesRead, String(into)]).toEqual([null, 3, 'abc']);
    expect([writeError, bytesWritten]).toEqual([null, 3]);
  });

  it('a call without its callback throws as Node does', () => {
    const { fs } = faultyVolume();

    expect(() => (fs.unlink as unknown as (path: string) => void)('/d/a')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });
});

describe('what the facade does not cover', () => {
  it('fails loudly with ENOSYS naming the function, in each form', async () => {
    const { fs } = faultyVolume();

    expect(() => fs.opendirSync('/d')).toThrow(
      expect.objectContaining({ code: 'ENOSYS', syscall: 'opendirSync' }),
    );
    expect(() => fs.opendir('/d', () => {})).toThrow(/fs\.opendir is not covered/);
    expect(() => fs.promises.opendir('/d')).toThrow(/fs\.promises\.opendir is not covered/);
  });

  it('keeps the real constants and classes', () => {
    const { fs } = faultyVolume();

    expect(fs.constants.O_EXCL).toBe(realFs.constants.O_EXCL);
    expect(fs.Stats).toBe(realFs.Stats);
  });
});
